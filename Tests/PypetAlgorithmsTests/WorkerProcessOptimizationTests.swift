import Foundation
import Pypet
import PypetAlgorithms
import PypetTestSupport
import Testing

@Suite("Optimization on worker processes")
struct WorkerProcessOptimizationTests {
    @Test("an individual whose evaluation crashes its worker gets the failure fitness; the search finishes all its generations")
    func crashingIndividual() throws {
        let directory = try TemporaryDirectory()
        let file = directory.file("rastrigin.hdf5")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Python.repositoryRoot + "/.build/debug/rastrigin")
        process.arguments = [
            "--generations", "4", "--population", "10", "--dimensions", "3", "--executor", "processes", "--workers", "2",
            "--crash-run", "13", "--quiet", "--file", file,
        ]
        process.currentDirectoryURL = URL(fileURLWithPath: directory.path)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let status = try OptimizationStatus.read(file: file)
        #expect(status.generationsSealed == 4)
        #expect(status.finished)
        #expect(status.runs.failed.keys.sorted() == [13])
        #expect(status.runs.failed[13]?.contains("signal 11") == true)
        #expect(status.runs.completed.count == (status.runs.length ?? 0) - 1)
    }
}
