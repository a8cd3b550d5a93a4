import Foundation
import PypetTestSupport
import Testing

@Suite("--verify in the optimizer examples")
struct ExampleVerifyTests {
    @Test("rastrigin and nsga2-zdt1 re-evaluate every recorded generation from the file and find it reproduced", arguments: ["rastrigin", "nsga2-zdt1"])
    func verify(_ example: String) throws {
        let directory = try TemporaryDirectory()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Python.repositoryRoot + "/.build/debug/" + example)
        process.arguments = ["--generations", "4", "--population", "12", "--cores", "2", "--file", directory.file("verify.hdf5"), "--verify"]
        process.currentDirectoryURL = URL(fileURLWithPath: directory.path)
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(text.contains("Verified 4 generations from the file: every fitness reproduced bit for bit"), "\(text)")
    }
}
