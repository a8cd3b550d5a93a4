import Foundation
import Pypet
import PypetTestSupport
import Synchronization
import Testing

/// A one-shot gate runs can wait on (with a time limit) until post-processing opens it.
final class Gate: Sendable {
    private let state = Mutex(false)

    func open() { state.withLock { $0 = true } }

    var isOpen: Bool { state.withLock { $0 } }

    /// Waits until the gate opens or `seconds` pass; whether it opened.
    func wait(seconds: Double) async -> Bool {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while !isOpen, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
        return isOpen
    }
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
        try env.trajectory.addParameter("slow", false)
        // Run 0 waits until post-processing has received the completion of a run it added itself, so it
        // can only finish if completions reach post-processing (and added points run) while it executes.
        // No wall-clock assumption: a busy machine only makes it wait longer.
        try env.trajectory.explore(["slow": [.bool(true)] + Array(repeating: .bool(false), count: 5)])
        let gate = Gate()
        var order: [Int] = []
        var added = false
        let outcomes = try await env.run(
            { [gate] run in
                if try run.slow.value(as: Bool.self) {
                    let opened = await gate.wait(seconds: 120)
                    return opened ? 1 : -1
                }
                try await Task.sleep(for: .milliseconds(5))
                return 0
            },
            postProcessing: .immediate { trajectory, completions in
                for try await completion in completions {
                    order.append(completion.index)
                    if !added, completion.index != 0 {
                        // New points go straight to the executor while run 0 still executes.
                        added = true
                        try completions.expand(["slow": [false, false]])
                    }
                    // Both added runs completed: only then may the slow run finish (so it finishes last).
                    if order.contains(6), order.contains(7) { gate.open() }
                }
                #expect(trajectory.length == 8)
                return nil
            })
        #expect(outcomes.count == 8)
        #expect(outcomes.first?.value == 1, "run 0 finished only after post-processing saw an added run complete")
        #expect(Set(order) == Set(0..<8))
        #expect(order.last == 0, "the slow run finishes last: \(order)")
        #expect(order.firstIndex(of: 6).map { $0 < order.count - 1 } == true)
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
        #expect(main.contains("starting 10 of the 10 runs explored so far"))

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
