import Foundation
import Pypet
import PypetTestSupport
import Testing

@Suite("Time budget and starting afresh")
struct TimeBudgetTests {
    @Test("a spent time budget starts no new run, commits the finished ones and throws timeBudgetExhausted; resume finishes")
    func budget() async throws {
        let directory = try TemporaryDirectory()
        let file = directory.file("budget.hdf5")
        var options = quietOptions(directory, cores: 2)
        options.timeBudget = 0.4
        let env = try Environment(trajectory: "budget", file: file, options: options)
        try env.trajectory.addParameter("x", 0)
        try env.trajectory.explore(["x": (0..<200).map { .int($0) }])
        let error = await expectError(EnvironmentError.Code.timeBudgetExhausted, as: EnvironmentError.self) {
            try await env.run { run in
                try await Task.sleep(for: .milliseconds(20))
                return try run.value("x", as: Int.self)
            }
        }
        let completed = try #require(error?.completedRuns)
        #expect(completed > 0 && completed < 200)
        #expect(try RunStore.status(path: file).completed.count == completed)

        var again = quietOptions(directory, cores: 2)
        again.resume = true
        let resumed = try Environment(trajectory: "budget", file: file, options: again)
        #expect(resumed.isResumed)
        let outcomes = try await resumed.run { run in try run.value("x", as: Int.self) }
        #expect(outcomes.count == 200 - completed)
        #expect(try RunStore.status(path: file).completed == Array(0..<200))
    }

    @Test("overwrite starts afresh over an existing file; without it the file is an error")
    func overwrite() async throws {
        let directory = try TemporaryDirectory()
        let file = directory.file("multiply.hdf5")
        let first = try multiplyEnvironment(directory, file: file)
        try await first.run(multiply)
        #expect(throws: EnvironmentError.self) { try multiplyEnvironment(directory, file: file) }

        var options = quietOptions(directory)
        options.overwrite = true
        let fresh = try Environment(trajectory: "multiply", file: file, options: options)
        try fresh.trajectory.addParameter("x", 1.0)
        try fresh.trajectory.addParameter("y", 1.0)
        try fresh.trajectory.explore(["x": [5.0], "y": [5.0]])
        let outcomes = try await fresh.run(multiply)
        #expect(outcomes.map(\.value) == [25.0])
        #expect(try RunStore.status(path: file).completed == [0])
        #expect(throws: EnvironmentError.self) {
            var bad = quietOptions(directory)
            bad.timeBudget = -1
            _ = try Environment(trajectory: "other", file: directory.file("other.hdf5"), options: bad)
        }
    }
}
