import Foundation
import Pypet
import PypetTestSupport
import Testing

@Suite("Failed runs run again")
struct RerunFailedTests {
    @Test("a run that failed and completes when the exploration resumes is completed, with no failure, in the file")
    func failedThenCompleted() async throws {
        let directory = try TemporaryDirectory()
        let file = directory.file("rerun.hdf5")
        let first = try multiplyEnvironment(directory, file: file)
        let outcomes = try await first.run { run in
            if run.index == 4 { throw EnvironmentError(code: .invalidArgument, message: "not yet") }
            return try await multiply(run)
        }
        #expect(outcomes.filter { !$0.isCompleted }.map(\.index) == [4])
        #expect(try RunStore.status(path: file).failed.keys.sorted() == [4])

        var options = quietOptions(directory)
        options.resume = true
        let resumed = try Environment(trajectory: "multiply", file: file, options: options)
        let again = try await resumed.run(multiply)
        #expect(again.map(\.index) == [4] && again[0].isCompleted)

        let status = try RunStore.status(path: file)
        #expect(status.failed.isEmpty && status.completed == Array(0..<12))
        let stored = try TrajectoryStorage(path: file).load().trajectory
        let info = try stored.runInformation(4)
        #expect(info.completed && info.failure == nil)
        #expect(try stored.value("results.runs.run_00000004.z", as: Double.self) == again[0].value)
    }
}
