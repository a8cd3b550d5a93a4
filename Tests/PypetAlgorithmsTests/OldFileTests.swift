import Foundation
import Pypet
import PypetAlgorithms
import PypetTestSupport
import Testing

@Suite("Files of the previous release")
struct OldFileTests {
    /// Runs the debug `rastrigin` example with `arguments`; returns its exit status.
    private func rastrigin(_ arguments: [String], in directory: TemporaryDirectory) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Python.repositoryRoot + "/.build/debug/rastrigin")
        process.arguments = ["--algorithm", "ga", "--dimensions", "3", "--population", "8", "--seed", "5", "--quiet"] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory.path)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    @Test("a search recorded by the previous release (synthesized JSON keys) loads, reports its status and resumes like a new one")
    func previousReleaseResumes() throws {
        let directory = try TemporaryDirectory()
        let old = directory.file("old.hdf5"), fresh = directory.file("fresh.hdf5")
        try FileManager.default.copyItem(
            atPath: Python.repositoryRoot + "/Tests/Fixtures/rastrigin-ga-3-generations-2026-12-06.hdf5", toPath: old)

        let before = try OptimizationStatus.read(file: old)
        #expect(before.generationsSealed == 3 && before.finished)
        let replay = try GenerationReplay(file: old)
        #expect(replay.generations.map(\.generation) == [0, 1, 2])
        #expect(replay.problem?.space.dimensions.map(\.name) == ["x0", "x1", "x2"])

        #expect(try rastrigin(["--generations", "5", "--resume", "--file", old], in: directory) == 0)
        #expect(try rastrigin(["--generations", "5", "--file", fresh], in: directory) == 0)
        #expect(try OptimizationStatus.read(file: old).generationsSealed == 5)

        // Every run and the two new generations equal a search started with 5 generations; only the encoding
        // of what the old release recorded (its three generation records, the configuration) may differ.
        let ignored = ["results/optimization/configuration/", "results/generations/gen_00000/", "results/generations/gen_00001/",
                       "results/generations/gen_00002/"].flatMap { ["--ignore", $0] }
        let comparison = try Python.runFile("scripts/compare_trajectories.py", arguments: ignored + [fresh, old])
        let line = comparison.standardOutput.split(separator: "\n").last.map(String.init) ?? ""
        guard let report = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
            Issue.record("no comparison: \(comparison.standardOutput)")
            return
        }
        #expect(report["equal"] as? Bool == true, "\(report)")
        #expect((report["datasets"] as? Int ?? 0) > 50)
    }
}
