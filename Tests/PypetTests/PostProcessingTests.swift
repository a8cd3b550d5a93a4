import Foundation
import Pypet
import PypetTestSupport
import Synchronization
import Testing

/// Records when things happen, across tasks.
final class Timeline: Sendable {
    private let events = Mutex<[(String, ContinuousClock.Instant)]>([])
    func note(_ event: String) { events.withLock { $0.append((event, .now)) } }
    func time(of event: String) -> ContinuousClock.Instant? { events.withLock { list in list.first { $0.0 == event }?.1 } }
}

@Suite("Post-processing")
struct PostProcessingTests {
    @Test("the expansion loop runs new points until post-processing stops expanding")
    func expansionLoop() async throws {
        let directory = try TemporaryDirectory()
        let file = directory.file("loop.hdf5")
        let env = try Environment(trajectory: "loop", file: file, options: quietOptions(directory, cores: 2))
        try env.trajectory.addParameter("x", 1.0)
        try env.trajectory.explore(["x": [1.0, 2.0]])
        var calls = 0
        let outcomes = try await env.run(
            { run in try run.x.value(as: Double.self) * 2 },
            postProcessing: .afterRuns { trajectory, outcomes in
                calls += 1
                #expect(outcomes.count == trajectory.length)
                let best = outcomes.compactMap(\.value).max() ?? 0
                guard best < 40 else { return nil }
                // Doubles the largest point, alternately by returning points and by expanding directly.
                if calls % 2 == 1 { return ["x": [.double(best)]] }
                try trajectory.expand(["x": [.double(best)]])
                return nil
            })
        // 2, 4 -> expand 4 (8) -> 8 (16) -> 16 (32) -> 32 (64) -> stop.
        #expect(outcomes.map(\.value) == [2, 4, 8, 16, 32, 64])
        #expect(calls == 5)
        let loaded = try TrajectoryStorage(path: file).load().trajectory
        #expect(loaded.length == 6)
        #expect(try loaded.parameter("x").range == [1, 2, 4, 8, 16, 32].map { .double($0) })
        #expect(try loaded.resultsFromRuns("x").isEmpty)
        #expect(loaded.runInformation.allSatisfy { $0.completed })
    }

    @Test("immediate post-processing gets completions in finishing order before the slowest run ends")
    func immediate() async throws {
        let directory = try TemporaryDirectory()
        let env = try Environment(trajectory: "immediate", file: directory.file("immediate.hdf5"), options: quietOptions(directory, cores: 2))
        try env.trajectory.addParameter("duration", 0)
        // Run 0 takes 1.5 s; the others 20 ms each.
        try env.trajectory.explore(["duration": [.int(1500)] + Array(repeating: .int(20), count: 5)])
        let timeline = Timeline()
        var order: [Int] = []
        var added = false
        let outcomes = try await env.run(
            { run in
                let milliseconds = try run.duration.value(as: Int.self)
                try await Task.sleep(for: .milliseconds(milliseconds))
                timeline.note("finished \(run.index)")
                return milliseconds
            },
            postProcessing: .immediate { trajectory, completions in
                timeline.note("post-processing started")
                for try await completion in completions {
                    timeline.note("received \(completion.index)")
                    order.append(completion.index)
                    if !added, completion.index != 0 {
                        // New points go straight to the executor while run 0 still executes.
                        added = true
                        try completions.expand(["duration": [.int(10), .int(10)]])
                    }
                }
                #expect(trajectory.length == 8)
                return nil
            })
        #expect(outcomes.count == 8)
        #expect(order.count == 8)
        #expect(Set(order) == Set(0..<8))
        #expect(order.last == 0, "the slow run finishes last: \(order)")
        let slowEnd = try #require(timeline.time(of: "finished 0"))
        let started = try #require(timeline.time(of: "post-processing started"))
        let firstOther = try #require(timeline.time(of: "received 1"))
        let added6 = try #require(timeline.time(of: "finished 6"))
        #expect(started < slowEnd)
        #expect(firstOther < slowEnd)
        #expect(added6 < slowEnd, "points added by immediate post-processing run while the slow run executes")
    }

    @Test("a throwing post-processing closure surfaces as a typed error and committed runs stay in the file")
    func throwingPostProcessing() async throws {
        struct Broken: Error {}
        let directory = try TemporaryDirectory()
        let file = directory.file("broken.hdf5")
        let env = try multiplyEnvironment(directory, file: file)
        let error = await expectError(.postProcessing, as: EnvironmentError.self) {
            try await env.run(multiply, postProcessing: .afterRuns { _, _ in throw Broken() })
        }
        #expect(error?.completedRuns == 12)
        #expect(try TrajectoryStorage(path: file).load().trajectory.resultsFromRuns("z").count == 12)
    }

    @Test("an expansion that does not fit the explored parameters is a typed error")
    func badExpansion() async throws {
        let directory = try TemporaryDirectory()
        let env = try multiplyEnvironment(directory, file: directory.file("bad.hdf5"))
        await expectError(.trajectory, as: EnvironmentError.self) {
            try await env.run(multiply, postProcessing: .afterRuns { _, _ in ["x": [1.0]] })
        }
    }
}

@Suite("Failures")
struct FailureTests {
    struct Odd: Error, CustomStringConvertible {
        let index: Int
        var description: String { "run \(index) is odd" }
    }

    @Test("a throwing job marks its run failed in the return value and the file; the others continue")
    func failedRuns() async throws {
        let directory = try TemporaryDirectory()
        let file = directory.file("failing.hdf5")
        let env = try Environment(trajectory: "failing", file: file, options: quietOptions(directory, cores: 2))
        try env.trajectory.addParameter("x", 0)
        try env.trajectory.explore(["x": (0..<10).map { .int($0) }])
        let outcomes = try await env.run { run -> Int in
            let x = try run.x.value(as: Int.self)
            try run.addResult("attempted", .int(x))
            if x % 2 == 1 { throw Odd(index: x) }
            return x
        }
        #expect(outcomes.count == 10)
        #expect(outcomes.filter(\.isCompleted).map(\.index) == [0, 2, 4, 6, 8])
        #expect(outcomes[3].failure == "run 3 is odd")
        #expect(outcomes[3].value == nil)
        let loaded = try TrajectoryStorage(path: file).load().trajectory
        let info = loaded.runInformation
        #expect(info[3].completed == false)
        #expect(info[3].failure == "run 3 is odd")
        #expect(info[4].completed)
        // A failed run's results are not kept (a retry starts clean).
        #expect(try loaded.resultsFromRuns("attempted").keys.sorted() == [0, 2, 4, 6, 8])
        // The error log names the failure.
        let errors = try String(contentsOfFile: directory.file("logs/failing/ERROR.txt"), encoding: .utf8)
        #expect(errors.contains("run 3 failed: run 3 is odd"))
        let main = try String(contentsOfFile: directory.file("logs/failing/LOG.txt"), encoding: .utf8)
        #expect(main.contains("running 10 of 10 runs"))

        // Running again retries only the failed runs.
        let status = try RunStore.status(path: file)
        #expect(status.failed.keys.sorted() == [1, 3, 5, 7, 9])
        let retried = try await env.run { run in try run.x.value(as: Int.self) }
        #expect(retried.map(\.index) == [1, 3, 5, 7, 9])
        #expect(try RunStore.status(path: file).failed.isEmpty)
    }

    @Test("the stop-after-N policy starts no new runs and throws after committing what finished")
    func stopAfter() async throws {
        let directory = try TemporaryDirectory()
        let file = directory.file("stop.hdf5")
        var options = quietOptions(directory)
        options.failurePolicy = .stopAfter(2)
        let env = try Environment(trajectory: "stop", file: file, options: options)
        try env.trajectory.addParameter("x", 0)
        try env.trajectory.explore(["x": (0..<10).map { .int($0) }])
        let error = await expectError(.tooManyFailures, as: EnvironmentError.self) {
            try await env.run { run -> Int in
                let x = try run.x.value(as: Int.self)
                if x == 2 || x == 4 { throw Odd(index: x) }
                return x
            }
        }
        #expect(error?.completedRuns == 3)
        let status = try RunStore.status(path: file)
        #expect(status.completed == [0, 1, 3])
        #expect(status.failed.keys.sorted() == [2, 4])
        #expect(status.missing == [5, 6, 7, 8, 9])
    }

    @Test("requestStop finishes the active runs, starts no new ones and throws interrupted")
    func requestStop() async throws {
        let directory = try TemporaryDirectory()
        let file = directory.file("stopped.hdf5")
        let env = try Environment(trajectory: "stopped", file: file, options: quietOptions(directory, cores: 2))
        try env.trajectory.addParameter("x", 0)
        try env.trajectory.explore(["x": (0..<50).map { .int($0) }])
        let error = await expectError(.interrupted, as: EnvironmentError.self) {
            try await env.run { [stop = env.stopHandle] run -> Int in
                if run.index == 3 { stop.requestStop() }
                try await Task.sleep(for: .milliseconds(5))
                return run.index
            }
        }
        let completed = try #require(error?.completedRuns)
        #expect(completed >= 4 && completed < 50)
        #expect(try RunStore.status(path: file).completed.count == completed)
    }
}
