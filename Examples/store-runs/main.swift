// store-runs: runs a sweep whose every run stores one result, committing each run durably through
// PypetStorage's RunStore (journal, sealed parts, final merge). Killed at any moment and started again
// with the same arguments, it continues where it stopped; the crash-test driver does exactly that.

import ArgumentParser
import Foundation
import PypetCore
import PypetStorage

@main
struct StoreRuns: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store-runs",
        abstract: "Store one result per run with crash-proof commits; resumes an interrupted file.")

    @Option(help: "The HDF5 file.")
    var file = "hdf5/store-runs.hdf5"

    @Option(help: "Number of runs.")
    var runs = 200

    @Option(help: "Runs per sealed part file (the Environment's default, checkpointRuns; the crash tests use small parts).")
    var checkpoint = 10_000

    @Option(help: "Durability of each commit: process or power.")
    var durability = "process"

    @Option(help: "Simulated work per run, in microseconds.")
    var workMicroseconds = 200

    @Option(help: "How the finished file keeps the runs' results: pypet (a group per run, what pypet reads) or columns (tables only, for big sweeps).")
    var layout = "pypet"

    @Flag(help: "Print nothing but the final summary.")
    var quiet = false

    @Flag(help: "Print 'committed <index>' after every commit (the crash-test driver reads it).")
    var printCommits = false

    @Flag(help: "Print the file's run status as JSON and exit (reads the file, parts and journal only).")
    var status = false

    func validate() throws {
        guard runs > 0, checkpoint > 0, workMicroseconds >= 0 else { throw ValidationError("numbers must be positive") }
        guard ["process", "power"].contains(durability) else { throw ValidationError("--durability is process or power") }
        guard RunLayout(rawValue: layout) != nil else { throw ValidationError("--layout is pypet or columns") }
    }

    /// The value run `index` stores: deterministic, so a resumed file can be checked exactly.
    static func value(_ index: Int) -> Double { (Double(index) * 0.731).truncatingRemainder(dividingBy: 1) + Double(index) }

    func run() async throws {
        if status {
            let report = try RunStore.status(path: file)
            let json: [String: Any] = [
                "length": report.length ?? -1, "completed": report.completed, "missing": report.missing,
                "parts": report.parts, "journal_records": report.journalRecords, "torn_bytes": report.tornJournalBytes,
            ]
            print(String(decoding: try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys]), as: UTF8.self))
            return
        }
        let directory = (file as NSString).deletingLastPathComponent
        if !directory.isEmpty { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
        let mode: Durability = durability == "power" ? .power : .process
        let options = StorageOptions(runLayout: RunLayout(rawValue: layout) ?? .pypet)
        // Like the environment: runs go into buckets of 1000 (`run_set_00000`) when there are more than
        // 1000, so that no group of the file holds more than about a thousand children.
        let usesRunSets = runs > 1000
        let trajectory = try Trajectory(name: "store_runs", comment: "one result per run")
        try trajectory.addParameter("x", 0.0, comment: "the run's input")
        try trajectory.explore(["x": (0..<runs).map { .double(Double($0)) }])

        try RunStore.recover(path: file)
        var status = try RunStore.status(path: file)
        if status.length == nil {
            try RunStore.finish(path: file, trajectory: trajectory, options: options, durability: mode)  // the skeleton
            status = try RunStore.status(path: file)
        }
        let done = Set(status.completed)
        let store = try RunStore(path: file, trajectoryName: trajectory.name, length: runs, durability: mode,
                                 checkpointRuns: checkpoint, checkpointSeconds: 3600)
        var committed = 0
        for index in 0..<runs where !done.contains(index) {
            let started = Date().timeIntervalSince1970
            if workMicroseconds > 0 { usleep(UInt32(workMicroseconds)) }
            let record = RunRecord(
                index: index, status: .completed, started: started, finished: Date().timeIntervalSince1970,
                leaves: [.init(fullName: "results.\(usesRunSets ? NodeName.runSet(index) : "runs").\(NodeName.run(index)).y", kind: .result, items: [.init("y", .double(Self.value(index)))])])
            try await store.commit(record)
            committed += 1
            if printCommits {
                // Unbuffered: the driver must see every commit a kill interrupts after.
                FileHandle.standardOutput.write(Data("committed \(index)\n".utf8))
            }
            if !quiet, committed % 50 == 0 { print("committed \(committed) runs") }
        }
        try await store.close()
        try RunStore.finish(path: file, trajectory: trajectory, options: options, durability: mode)
        let final = try RunStore.status(path: file)
        print("finished: \(final.completed.count) of \(runs) runs completed, \(committed) in this session -> \(file)")
    }
}
