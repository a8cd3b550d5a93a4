import Foundation
import Pypet
import PypetTestSupport
import Testing

@Suite("pypet command: reading in a child process")
struct IsolationTests {
    static let commands = ["inspect", "runs", "status", "generations", "show", "compact", "export", "notebook"]

    static func arguments(_ name: String, _ file: String, _ directory: TemporaryDirectory) -> [String] {
        switch name {
        case "show": [name, file, "x0"]
        case "notebook": [name, file, "-o", directory.file("analysis.ipynb")]
        default: [name, file]
        }
    }

    @Test("a reading process killed by SIGSEGV or SIGABRT gives a plain 'corrupt file' error, for every command")
    func crashInChild() async throws {
        let directory = try TemporaryDirectory()
        let file = try await optimizationFile(directory)
        for (fault, signal) in [("segv", "signal 11"), ("abort", "signal 6")] {
            for name in Self.commands {
                let result = try pypet(Self.arguments(name, file, directory), environment: ["PYPET_CLI_TEST_FAULT": fault])
                #expect(result.status == 1 && !result.signalled, "\(name) \(fault): exit \(result.status)")
                #expect(result.error.contains("corrupt file: the HDF5 library crashed reading \(file) (\(signal)"), "\(name): \(result.error)")
                #expect(result.error.contains("h5dump -n \(file)"))
                #expect(result.output.isEmpty, "no partial output: \(result.output)")
            }
        }
    }

    @Test("a reading process that hangs is stopped after PYPET_TIMEOUT seconds with a plain error")
    func hangInChild() async throws {
        let directory = try TemporaryDirectory()
        let file = try await optimizationFile(directory)
        let started = Date()
        let result = try pypet(["inspect", file], environment: ["PYPET_CLI_TEST_FAULT": "hang", "PYPET_TIMEOUT": "1"])
        #expect(result.status == 1 && !result.signalled)
        #expect(result.error.contains("corrupt file: reading \(file) did not finish in 1 s and was stopped"), "\(result.error)")
        #expect(Date().timeIntervalSince(started) < 30)
    }

    @Test("SIGINT to the command reaches the reading process; the command ends by SIGINT, not with a crash report")
    func interrupt() async throws {
        let directory = try TemporaryDirectory()
        let file = try await optimizationFile(directory)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Python.repositoryRoot + "/.build/debug/pypet")
        process.arguments = ["inspect", file]
        process.environment = ProcessInfo.processInfo.environment.merging(["PYPET_CLI_TEST_FAULT": "hang"]) { $1 }
        let error = Pipe()
        process.standardError = error
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        try await Task.sleep(for: .seconds(1.5))
        kill(process.processIdentifier, SIGINT)
        let message = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        // Ended by SIGINT, or exit status 130 (128 + SIGINT) where the signal stays blocked.
        let interrupted = process.terminationReason == .uncaughtSignal ? process.terminationStatus == SIGINT : process.terminationStatus == 130
        #expect(interrupted, "\(process.terminationReason) \(process.terminationStatus)")
        #expect(!String(decoding: message, as: UTF8.self).contains("corrupt file"))
    }

    @Test("the child's output, errors and exit status reach the caller unchanged; PYPET_ISOLATION=off reads in one process")
    func relay() async throws {
        let directory = try TemporaryDirectory()
        let file = try await optimizationFile(directory)
        let isolated = try pypet(["export", file, "--format", "csv"])
        let direct = try pypet(["export", file, "--format", "csv"], environment: ["PYPET_ISOLATION": "off"])
        #expect(isolated.status == 0 && isolated.output == direct.output && !isolated.output.isEmpty)
        let missing = try pypet(["show", file, "nothing_here"])
        let missingDirect = try pypet(["show", file, "nothing_here"], environment: ["PYPET_ISOLATION": "off"])
        #expect(missing.status == missingDirect.status && missing.status != 0 && missing.error == missingDirect.error)
        // The hook only acts in the child: with isolation off the process really crashes (proof the hook
        // is what the parent survived above).
        let unguarded = try pypet(["inspect", file], environment: ["PYPET_ISOLATION": "off", "PYPET_CLI_TEST_FAULT": "segv", "PYPET_CLI_CHILD": "1"])
        #expect(unguarded.signalled)
    }
}
