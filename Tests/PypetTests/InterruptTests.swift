import Foundation
import Pypet
import PypetTestSupport
import Testing

/// Starts the `multiply` example with slow runs in a child process.
private func launchMultiply(file: String, directory: TemporaryDirectory, resume: Bool = false) throws -> Process {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: Python.repositoryRoot + "/.build/debug/multiply")
    process.arguments = ["--file", file, "--work-milliseconds", "400"] + (resume ? ["--resume"] : [])
    process.currentDirectoryURL = URL(fileURLWithPath: directory.path)
    process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
    process.standardError = FileHandle(forWritingAtPath: "/dev/null")
    try process.run()
    return process
}

/// Waits until the child committed at least one run (its journal is not empty). Synchronous on purpose:
/// a sleeping task could wait for a free thread of the cooperative pool while other suites block them.
private func waitForFirstCommit(_ file: String, _ process: Process) {
    // 12 runs of 400 ms: the window is about 4 s even when the machine is busy with other tests.
    for _ in 0..<3000 {
        guard process.isRunning else { break }
        let size = (try? FileManager.default.attributesOfItem(atPath: file + ".journal")[.size] as? Int) ?? 0
        if size > 0 { return }
        usleep(5000)
    }
    Issue.record("the child ended or never committed a run before it could be interrupted")
}

@Suite("Graceful exit")
struct InterruptTests {
    @Test("a first SIGINT finishes the active run, commits it and stops; --resume does the rest")
    func firstSignal() throws {
        let directory = try TemporaryDirectory()
        let file = directory.file("interrupted.hdf5")
        let process = try launchMultiply(file: file, directory: directory)
        waitForFirstCommit(file, process)
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 130)
        // Finished cleanly: merged file, no journal or parts left.
        #expect(!FileManager.default.fileExists(atPath: file + ".journal"))
        #expect(!FileManager.default.fileExists(atPath: file + ".parts"))
        let status = try RunStore.status(path: file)
        #expect(status.completed.count >= 1 && status.completed.count < 12, "\(status)")
        #expect(status.failed.isEmpty)

        let resumed = try launchMultiply(file: file, directory: directory, resume: true)
        resumed.waitUntilExit()
        #expect(resumed.terminationStatus == 0)
        let loaded = try TrajectoryStorage(path: file).load().trajectory
        let z = try loaded.resultsFromRuns("z")
        #expect(z.count == 12)
        #expect(z[11] == .double(32))
        #expect(loaded.runInformation.allSatisfy { $0.completed })
    }

    @Test("a second SIGINT stops at once; the journal keeps what completed and a resume finishes")
    func secondSignal() throws {
        let directory = try TemporaryDirectory()
        let file = directory.file("killed.hdf5")
        let process = try launchMultiply(file: file, directory: directory)
        waitForFirstCommit(file, process)
        kill(process.processIdentifier, SIGINT)
        usleep(20000)
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        let status = try RunStore.status(path: file)
        #expect(status.completed.count >= 1, "the committed runs survive")

        let resumed = try launchMultiply(file: file, directory: directory, resume: true)
        resumed.waitUntilExit()
        #expect(resumed.terminationStatus == 0)
        let final = try RunStore.status(path: file)
        #expect(final.completed == Array(0..<12))
        #expect(final.journalRecords == 0 && final.parts == 0)
    }
}
