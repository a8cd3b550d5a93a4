import Foundation
import Pypet
import PypetTestSupport
import Testing

/// Runs the fragile-simulation example (debug build) in `directory` and returns its exit status and output.
private func fragile(_ arguments: [String], in directory: TemporaryDirectory) throws -> (status: Int32, output: String, error: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: Python.repositoryRoot + "/.build/debug/fragile-simulation")
    process.arguments = arguments + ["--attempts-folder", directory.file("attempts")]
    process.currentDirectoryURL = URL(fileURLWithPath: directory.path)
    let output = directory.file("stdout-\(UUID().uuidString)"), error = directory.file("stderr-\(UUID().uuidString)")
    _ = FileManager.default.createFile(atPath: output, contents: nil)
    _ = FileManager.default.createFile(atPath: error, contents: nil)
    process.standardOutput = FileHandle(forWritingAtPath: output)
    process.standardError = FileHandle(forWritingAtPath: error)
    try process.run()
    process.waitUntilExit()
    return (process.terminationStatus, try String(contentsOfFile: output, encoding: .utf8), try String(contentsOfFile: error, encoding: .utf8))
}

/// No planted fault except the ones given.
private let noFaults = ["--crash-at", "", "--hang-at", "", "--leak-at", ""]

@Suite("Worker processes")
struct WorkerProcessTests {
    @Test("a run that crashes its worker fails alone with the signal; every other run completes, is committed and loads")
    func crashFailsAlone() throws {
        let directory = try TemporaryDirectory()
        let file = directory.file("sweep.hdf5")
        let result = try fragile(noFaults + ["--crash-at", "3", "--points", "8", "--workers", "2", "--file", file], in: directory)
        #expect(result.status == 0, "\(result.error)")
        let status = try RunStore.status(path: file)
        #expect(status.completed == [0, 1, 2, 4, 5, 6, 7])
        #expect(status.failed.keys.sorted() == [3])
        #expect(status.failed[3]?.contains("signal 11 (segmentation fault)") == true)
        let trajectory = try TrajectoryStorage(path: file).load().trajectory
        #expect(try trajectory.value("results.runs.run_00000004.lyapunov", as: Double.self).isFinite)
        #expect(trajectory.runInformation.first { $0.index == 3 }?.failure?.contains("signal 11") == true)
    }

    @Test("retries run a crashed run again in a fresh worker: a job that crashes only on its first attempt succeeds")
    func retries() throws {
        let directory = try TemporaryDirectory()
        let file = directory.file("sweep.hdf5")
        let withRetry = try fragile(noFaults + ["--flaky-at", "2", "--points", "6", "--retries", "1", "--file", file], in: directory)
        #expect(withRetry.status == 0, "\(withRetry.error)")
        #expect(try RunStore.status(path: file).completed == Array(0..<6))

        let again = try TemporaryDirectory()
        let without = try fragile(noFaults + ["--flaky-at", "2", "--points", "6", "--file", again.file("sweep.hdf5")], in: again)
        #expect(without.status == 0)
        #expect(try RunStore.status(path: again.file("sweep.hdf5")).failed.keys.sorted() == [2])
    }

    @Test("a run past its timeout and a run over the memory limit fail with those causes; the sweep finishes")
    func timeoutAndMemory() throws {
        let directory = try TemporaryDirectory()
        let file = directory.file("sweep.hdf5")
        let result = try fragile(
            noFaults + ["--hang-at", "1", "--leak-at", "4", "--points", "6", "--timeout", "1", "--memory-limit", "128", "--file", file], in: directory)
        #expect(result.status == 0, "\(result.error)")
        let status = try RunStore.status(path: file)
        #expect(status.completed == [0, 2, 3, 5])
        #expect(status.failed[1]?.hasPrefix("timeout") == true, "\(status.failed)")
        #expect(status.failed[4]?.hasPrefix("out of memory") == true, "\(status.failed)")
        #expect(result.output.contains("4 of 6 runs completed, 2 failed"))
    }

    @Test("a worker that writes garbage into its channel fails its run with a clear cause; committed runs are kept")
    func garbage() throws {
        let directory = try TemporaryDirectory()
        let file = directory.file("sweep.hdf5")
        let result = try fragile(noFaults + ["--stray-write-at", "2", "--points", "5", "--file", file], in: directory)
        #expect(result.status == 0, "\(result.error)")
        let status = try RunStore.status(path: file)
        #expect(status.completed == [0, 1, 3, 4])
        #expect(status.failed[2]?.contains("malformed message") == true, "\(status.failed)")
    }

    @Test("files written by 1, 2 and 3 worker processes hold the same data as the inline run's")
    func sameDataAnyWorkerCount() throws {
        let directory = try TemporaryDirectory()
        var files: [String] = []
        for (executor, workers) in [("inline", 1), ("processes", 1), ("processes", 2), ("processes", 3)] {
            let file = directory.file("\(executor)-\(workers).hdf5")
            let result = try fragile(noFaults + ["--points", "12", "--executor", executor, "--workers", "\(workers)", "--file", file], in: directory)
            #expect(result.status == 0, "\(result.error)")
            files.append(file)
        }
        let comparison = try Python.runFile("scripts/compare_trajectories.py", arguments: files)
        #expect(comparison.standardOutput.contains("\"equal\": true"), "\(comparison.standardOutput)")
        #expect(try fileData(files[0]) == fileData(files[3]))
    }

    @Test("a job whose value cannot travel between processes, bad settings and unknown executors are typed errors")
    func badInput() async throws {
        struct Opaque: Sendable { var x = 1 }
        let directory = try TemporaryDirectory()
        var options = quietOptions(directory)
        options.executor = .processes(workers: 1)
        let env = try Environment(trajectory: "opaque", file: directory.file("opaque.hdf5"), options: options)
        try env.trajectory.addParameter("x", 1.0)
        try env.trajectory.explore(["x": [1.0, 2.0]])
        let error = await expectError(EnvironmentError.Code.invalidArgument, as: EnvironmentError.self) {
            try await env.run { _ in Opaque() }
        }
        #expect(error?.message.contains("storable value") == true)

        for settings in [WorkerProcesses(workers: -1), WorkerProcesses(retries: -2), WorkerProcesses(timeout: 0), WorkerProcesses(memoryLimit: 1000), WorkerProcesses(niceness: 40)] {
            var bad = quietOptions(directory)
            bad.executor = .processes(settings)
            #expect(throws: EnvironmentError.self) { try Environment(trajectory: "bad", file: directory.file("bad.hdf5"), options: bad) }
        }
        #expect(performing: { try ExecutorChoice.named("gpu") }, throws: { ($0 as? EnvironmentError)?.message.contains("unknown executor 'gpu'") == true })
        #expect(performing: { try ExecutorChoice.named("mpi") }, throws: { ($0 as? EnvironmentError)?.message.contains("MPI support") == true })
        #expect(try ExecutorChoice.named("processes", limits: WorkerProcesses(workers: 3)) == .processes(WorkerProcesses(workers: 3)))
        #expect(try ExecutorChoice.named("inline") == .inline)
    }
}
