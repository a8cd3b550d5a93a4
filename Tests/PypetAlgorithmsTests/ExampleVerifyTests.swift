import Foundation
import Pypet
import PypetTestSupport
import Testing

@Suite("--verify in the optimizer examples")
struct ExampleVerifyTests {
    /// Runs the debug build of `example` with `arguments` in `directory`; returns its exit status and output.
    private func run(_ example: String, _ arguments: [String], in directory: TemporaryDirectory) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Python.repositoryRoot + "/.build/debug/" + example)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory.path)
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }

    @Test("rastrigin and nsga2-zdt1 re-evaluate every recorded generation from the file and find it reproduced", arguments: ["rastrigin", "nsga2-zdt1"])
    func verify(_ example: String) throws {
        let directory = try TemporaryDirectory()
        let (status, text) = try run(
            example, ["--generations", "4", "--population", "12", "--cores", "2", "--file", directory.file("verify.hdf5"), "--verify"], in: directory)
        #expect(status == 0, "\(text)")
        #expect(text.contains("Verified 4 generations from the file: every fitness reproduced bit for bit"), "\(text)")
    }

    @Test("the demo's --verify trains every recorded network again; pruned runs stop at their recorded epoch")
    func demo() throws {
        let directory = try TemporaryDirectory()
        let file = directory.file("demo.hdf5")
        let (status, text) = try run("optimize-hyperparameters", [
            "--generations", "3", "--population", "6", "--max-epochs", "5", "--pruner", "asha", "--seed", "5", "--cores", "2",
            "--file", file, "--verify",
        ], in: directory)
        #expect(status == 0, "\(text)")
        #expect(text.contains("Verified 3 generations from the file: every fitness reproduced bit for bit"), "\(text)")
        // Without replaying the pruner's decisions these runs would train to the end and differ.
        #expect(try TrajectoryStorage(path: file).runStatus().pruned.count >= 1)
    }
}
