import Foundation
import Pypet
import PypetTestSupport
import Testing

@Suite("Provenance")
struct ProvenanceTests {
    @Test("the environment records who ran what, its inputs' SHA-1 and each run call's times and outcome, in the file")
    func record() async throws {
        let directory = try TemporaryDirectory()
        let file = directory.file("multiply.hdf5")
        let input = try directory.write(Array("1,2,3\n".utf8), to: "data.csv")
        let env = try multiplyEnvironment(directory, file: file)
        try env.recordInput(input)
        try await env.run(multiply)
        try env.trajectory.expand(["x": [9.0], "y": [9.0]])
        try await env.run(multiply)

        let stored = try TrajectoryStorage(path: file).load().trajectory
        func value(_ key: String) throws -> PypetValue { try stored.parameter("config.environment.\(env.name).\(key)").defaultValue }
        #expect(try value("user") != .string(""))
        #expect(try value("arguments") == .string(CommandLine.arguments.joined(separator: "\n")))
        #expect(try value("inputs.input_0.path") == .string(input))
        #expect(try value("inputs.input_0.bytes") == .int(6))
        let python = try Python.run("import hashlib, sys; print(hashlib.sha1(open(sys.argv[1], 'rb').read()).hexdigest())", arguments: [input])
        #expect(try value("inputs.input_0.sha1") == .string(python.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(try value("calls.call_0.outcome") == .string("finished: 12 runs completed, 0 failed"))
        #expect(try value("calls.call_1.outcome") == .string("finished: 1 runs completed, 0 failed"))
        guard case .double(let started) = try value("calls.call_0.started"), case .double(let finished) = try value("calls.call_0.finished") else {
            Issue.record("no call times")
            return
        }
        #expect(started <= finished)

        #expect(throws: EnvironmentError.self) { try env.recordInput(directory.file("missing.csv")) }
    }
}
