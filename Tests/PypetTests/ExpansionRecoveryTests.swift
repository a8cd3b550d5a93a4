import Foundation
import Pypet
import PypetTestSupport
import Testing

@Suite("Expansion recovery")
struct ExpansionRecoveryTests {
    @Test("runs of an expansion survive a crash: recovery expands the stored trajectory again")
    func expansionSurvivesCrash() async throws {
        let directory = try TemporaryDirectory()
        let file = directory.file("expanded.hdf5")
        let trajectory = try Trajectory(name: "grow")
        try trajectory.addParameter("x", 0.0)
        try trajectory.explore(["x": [1.0, 2.0, 3.0]])
        try RunStore.finish(path: file, trajectory: trajectory)
        do {
            let store = try RunStore(path: file, trajectoryName: "grow", length: 3, checkpointRuns: 1000)
            func run(_ index: Int) -> RunRecord {
                RunRecord(index: index, status: .completed, started: 1, finished: 2, leaves: [
                    .init(fullName: "results.runs.\(NodeName.run(index)).y", kind: .result, items: [.init("y", .double(Double(index) * 10))]),
                ])
            }
            for index in 0..<3 { try await store.commit(run(index)) }
            try await store.commit(.expansion(start: 3, points: ["parameters.x": [4.0, 5.0]], at: 3))
            await store.setLength(5)
            for index in 3..<5 { try await store.commit(run(index)) }
            try await store.checkpoint()                      // runs 0...4 and the first expansion in a part
            try await store.commit(.expansion(start: 5, points: ["parameters.x": [6.0]], at: 4))
            await store.setLength(6)
            try await store.commit(run(5))                    // only in the journal
            // The process dies here: no close, no merge.
        }
        let status = try RunStore.status(path: file)
        #expect(status.length == 6)
        #expect(status.completed == Array(0..<6))

        let env = try Environment.loading(trajectory: "grow", file: file, options: quietOptions(directory))
        let outcomes = try await env.run { run in try run.x.value(as: Double.self) }
        #expect(outcomes.isEmpty, "every run completed before the crash")
        #expect(env.trajectory.length == 6)
        let loaded = try TrajectoryStorage(path: file).load().trajectory
        #expect(try loaded.parameter("x").range == [1, 2, 3, 4, 5, 6].map { .double($0) })
        #expect(loaded.runInformation.allSatisfy { $0.completed })
        #expect(try loaded.resultsFromRuns("y") == Dictionary(uniqueKeysWithValues: (0..<6).map { ($0, PypetValue.double(Double($0) * 10)) }))
        #expect(!FileManager.default.fileExists(atPath: file + ".journal"))
    }

    @Test("the environment commits expansions from post-processing before their runs")
    func environmentCommitsExpansions() async throws {
        let directory = try TemporaryDirectory()
        let file = directory.file("env-expanded.hdf5")
        let env = try Environment(trajectory: "grow", file: file, options: quietOptions(directory))
        try env.trajectory.addParameter("x", 0.0)
        try env.trajectory.explore(["x": [1.0]])
        var seenJournal = false
        _ = try await env.run(
            { run in try run.x.value(as: Double.self) },
            postProcessing: .immediate { trajectory, completions in
                for try await completion in completions where completion.index < 3 {
                    try completions.expand(["x": [.double(Double(completion.index) + 2)]])
                    if let bytes = FileManager.default.contents(atPath: file + ".journal"), !bytes.isEmpty { seenJournal = true }
                }
                return nil
            })
        #expect(seenJournal)
        let loaded = try TrajectoryStorage(path: file).load().trajectory
        #expect(try loaded.parameter("x").range == [1, 2, 3, 4].map { .double($0) })
        #expect(loaded.runInformation.allSatisfy { $0.completed })
    }
}
