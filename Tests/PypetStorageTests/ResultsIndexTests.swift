import Foundation
import HDF5
import PypetCore
@testable import PypetStorage
import PypetTestSupport
import Testing

@Suite("Results index")
struct ResultsIndexTests {
    /// A file of `runs` runs committed through a run store: small results (indexed) and, every third
    /// run, a large array (not indexed).
    private func storedFile(_ directory: TemporaryDirectory, runs: Int = 12) async throws -> String {
        let path = directory.file("indexed.hdf5")
        let traj = try DurabilityTests.makeTrajectory(runs: runs)
        try RunStore.finish(path: path, trajectory: traj)
        let store = try RunStore(path: path, trajectoryName: traj.name, length: runs, checkpointRuns: 5, checkpointSeconds: 3600)
        for index in 0..<runs {
            var record = DurabilityTests.record(index, failed: index == 4)
            if index % 3 == 2 {
                record.leaves.append(.init(
                    fullName: "results.runs.\(NodeName.run(index)).trace", kind: .result,
                    items: [.init("trace", .array(NDArray((0..<1000).map { Double($0 * index) })))]))
            }
            try await store.commit(record)
        }
        try await store.close()
        try RunStore.finish(path: path, trajectory: traj)
        return path
    }

    /// Every run result of `trajectory`: full name → item name → value, with comments.
    private func snapshot(_ trajectory: Trajectory) -> [String: String] {
        var snapshot: [String: String] = [:]
        for leaf in trajectory.root.leaves() {
            guard let result = leaf as? ResultNode else { continue }
            for name in result.itemNames { snapshot[result.fullName + "." + name] = "\((try? result.item(name)).map { "\($0)" } ?? "?") | \(result.comment)" }
        }
        return snapshot
    }

    private func load(_ path: String, index: Bool) throws -> Trajectory {
        var options = LoadOptions()
        options.usesResultsIndex = index
        let loaded = try TrajectoryStorage(path: path).load(options: options)
        #expect(loaded.failures.isEmpty, "\(loaded.failures)")
        return loaded.trajectory
    }

    @Test("merged files carry an index of the small run results; loading through it equals loading every run's groups")
    func sameTrajectory() async throws {
        let directory = try TemporaryDirectory()
        let path = try await storedFile(directory)
        let file = try HDF5File.open(path)
        let entries = ResultsIndex.read(try file.root.openGroup("durable"))
        try file.close()
        // Failed runs and runs with a large result are left to their groups.
        #expect(entries.keys.sorted() == [0, 1, 3, 6, 7, 9, 10])
        let indexed = try load(path, index: true), plain = try load(path, index: false)
        #expect(snapshot(indexed) == snapshot(plain))
        #expect(snapshot(indexed).count > 30)
        #expect(try indexed.resultsFromRuns("loss") == plain.resultsFromRuns("loss"))
        #expect(indexed.runInformation.map(\.completed) == plain.runInformation.map(\.completed))
        #expect(try indexed.result("results.runs.run_00000001.loss").comment == "loss")
    }

    @Test("a result added to an indexed run by h5py (outside swift-pypet) is seen: that run is read from its groups")
    func staleEntry() async throws {
        let directory = try TemporaryDirectory()
        let path = try await storedFile(directory)
        try Python.run("""
            import h5py, sys
            with h5py.File(sys.argv[1], "r+") as f:
                run = f["durable/results/runs/run_00000001"]
                run.copy(run["loss"], "added")
            """, arguments: [path])
        let indexed = try load(path, index: true), plain = try load(path, index: false)
        #expect(try indexed.result("results.runs.run_00000001.added").item("loss") == .double(0.5))
        #expect(snapshot(indexed) == snapshot(plain))
    }

    @Test("pypet 0.6.1 loads a file with an index as before")
    func pypetIgnoresIndex() async throws {
        let directory = try TemporaryDirectory()
        let path = try await storedFile(directory, runs: 6)
        let output = try Python.json("""
            import json, sys
            from pypet import load_trajectory
            traj = load_trajectory(filename=sys.argv[1], index=-1, load_all=2, force=True)
            values = {}
            for name in traj.f_iter_runs():
                if traj.f_get_run_information(name)["completed"]:
                    values[name] = float(traj.crun.loss)
            traj.f_restore_default()
            print(json.dumps(values))
            """, arguments: [path]) as? [String: Double]
        #expect(output == ["run_00000000": 0, "run_00000001": 0.5, "run_00000002": 1, "run_00000003": 1.5, "run_00000005": 2.5])
    }
}

@Suite("Runs table formatting")
struct RunsTableFormattingTests {
    @Test("runtimes print as Python's timedelta: H:MM:SS.ffffff", arguments: [
        (0.0, "0:00:00.000000"), (1.5, "0:00:01.500000"), (59.9999994, "0:00:59.999999"), (3725.000001, "1:02:05.000001"),
        (-3, "0:00:00.000000"), (360_000.25, "100:00:00.250000"),
    ])
    func runtime(seconds: Double, text: String) {
        #expect(OverviewWriter.formatRuntime(seconds) == text)
    }

    @Test("status columns: runs of one second share a time text; unstarted runs have none")
    func statusColumns() throws {
        let trajectory = try Trajectory(name: "t")
        try trajectory.addParameter("x", 0.0)
        try trajectory.explore(["x": [1.0, 2.0, 3.0, 4.0]])
        let base = 1_700_000_000.0
        for (index, start) in [(0, base + 0.1), (1, base + 0.9), (2, base + 1.2)] {
            try trajectory.markRunStarted(index, at: start)
            try trajectory.markRunCompleted(index, at: start + 0.25)
        }
        let columns = OverviewWriter.statusColumns(trajectory.runInformation)
        guard case .string(let time)? = columns["time"], case .string(let runtime)? = columns["runtime"],
            case .int(let completed)? = columns["completed"]
        else { Issue.record("unexpected columns \(columns)"); return }
        #expect(time == [Trajectory.timeString(base + 0.1), Trajectory.timeString(base + 0.9), Trajectory.timeString(base + 1.2), ""])
        #expect(time[0] == time[1] && time[1] != time[2])
        #expect(runtime == ["0:00:00.250000", "0:00:00.250000", "0:00:00.250000", ""])
        #expect(completed == [1, 1, 1, 0])
    }
}
