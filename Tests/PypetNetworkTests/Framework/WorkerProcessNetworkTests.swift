import Foundation
import Pypet
import PypetCore
import PypetNetwork
import PypetStorage
import PypetTestSupport
import Testing

@Suite("Network runs in worker processes")
struct WorkerProcessNetworkTests {
    /// Runs the clustered-network example (debug build) small in `directory` with `executor`.
    private static func clusteredNetwork(executor: String, file: String, in directory: TemporaryDirectory) throws -> (status: Int32, error: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Python.repositoryRoot + "/.build/debug/clustered-network")
        process.arguments = [
            "--file", file, "--neurons", "160", "--initial", "50", "--measurement", "300", "--ratios", "1.0,2.5",
            "--fano-neurons", "100", "--cores", "2", "--executor", executor,
        ]
        process.currentDirectoryURL = URL(fileURLWithPath: directory.path)
        let errorFile = directory.file("stderr-\(executor)")
        _ = FileManager.default.createFile(atPath: errorFile, contents: nil)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle(forWritingAtPath: errorFile)
        try process.run()
        process.waitUntilExit()
        return (process.terminationStatus, try String(contentsOfFile: errorFile, encoding: .utf8))
    }

    @Test("a run report round-trips through a storable value; other values are typed errors")
    func reportValue() throws {
        let report = NetworkRunReport(subruns: ["init", "measure"], time: 150 * .ms, values: ["rate": 3.25, "fano": 0.8])
        #expect(try NetworkRunReport(pypetValue: report.pypetValue) == report)
        expectError(TrajectoryError.Code.typeMismatch, as: TrajectoryError.self) { try NetworkRunReport(pypetValue: .double(1)) }
        expectError(TrajectoryError.Code.typeMismatch, as: TrajectoryError.self) {
            try NetworkRunReport(pypetValue: .dictionary(["subruns": .list([.int(1)]), "time": .quantity(1 * .ms), "values": .dictionary([:])]))
        }
    }

    @Test("a network exploration run by worker processes writes the same data and returns the same reports as in-process")
    func processesMatchInProcess() throws {
        let directory = try TemporaryDirectory()
        var files: [String] = []
        for executor in ["inline", "processes"] {
            let file = directory.file("\(executor).hdf5")
            let result = try Self.clusteredNetwork(executor: executor, file: file, in: directory)
            #expect(result.status == 0, "\(executor): \(result.error)")
            files.append(file)
        }
        let comparison = try Python.runFile("scripts/compare_trajectories.py", arguments: files)
        #expect(comparison.standardOutput.contains("\"equal\": true"), "\(comparison.standardOutput)")
        // The reports travelled back from the workers as run values, equal to the in-process ones.
        let inline = try TrajectoryStorage(path: files[0]).runValues(), processes = try TrajectoryStorage(path: files[1]).runValues()
        #expect(inline.count == 2)
        #expect(inline == processes)
        let report = try NetworkRunReport(pypetValue: try #require(processes[1]))
        #expect(report.subruns == ["initial_run", "measurement_run"])
        #expect((report.values["rate_e"] ?? 0) > 0)
    }
}
