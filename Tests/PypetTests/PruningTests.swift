import Foundation
import Pypet
import PypetTestSupport
import Testing

/// Hand-made learning curves (minimized), one per `curve` parameter value.
private let curves: [[Double]] = [
    [5, 4, 3, 2],  // run 0
    [6, 5, 4, 3],  // run 1
    [7, 6, 5, 4],  // run 2: worse than the median (5.5) at step 0
    [5, 4.6, 4.6, 4.6],  // run 3: at step 1 its best, 4.6, is above the median 4.5
    [5.5, 4.5, 3.5, 2.5],  // run 4: never above the median
    [3, 3.5, 4, 4.5],  // getting worse (for the patience pruner)
]

/// Reports the curve of its `curve` parameter, stopping when the pruner says so; returns the last value.
@Sendable private func reportCurve(_ run: RunContext) async throws -> Double {
    let curve = curves[try run.value("curve", as: Int.self)]
    var last = curve[0]
    for (step, value) in curve.enumerated() {
        last = value
        if try run.report(step: step, value: value) { break }
    }
    return last
}

/// Runs 0 and 1 first; post-processing then adds runs 2...4 as a second batch (like a generation).
private func sweep(_ directory: TemporaryDirectory, file: String, cores: Int, pruning: Pruning) async throws -> [RunOutcome<Double>] {
    var options = quietOptions(directory, cores: cores)
    options.pruning = pruning
    let env = try Environment(trajectory: "curves", file: file, options: options)
    try env.trajectory.addParameter("curve", 0)
    try env.trajectory.explore(["curve": [0, 1]])
    var expanded = false
    return try await env.run(reportCurve, postProcessing: .afterRuns { _, _ in
        guard !expanded else { return nil }
        expanded = true
        return ["curve": [2, 3, 4]]
    })
}

@Suite("Pruning: intermediate reports, pruned runs, pruners")
struct PruningTests {
    @Test("The median pruner stops the runs a hand computation says (synchronous: compared with the earlier batch only)")
    func medianByHand() async throws {
        let directory = try TemporaryDirectory()
        let file = directory.file("median.hdf5")
        let outcomes = try await sweep(directory, file: file, cores: 1, pruning: Pruning(.median(startupRuns: 2)))
        #expect(outcomes.map(\.prunedAtStep) == [nil, nil, 0, 1, nil])
        #expect(outcomes.map(\.value) == [2, 3, 7, 4.6, 2.5])
        #expect(outcomes.allSatisfy { $0.isCompleted })

        // The file: pruned runs count as completed, with their step; the curve is a result of the run.
        let loaded = try TrajectoryStorage(path: file).load().trajectory
        #expect(try loaded.runInformation(3).prunedAtStep == 1)
        #expect(try loaded.runInformation(3).completed)
        #expect(try loaded.runInformation(4).prunedAtStep == nil)
        let script = """
            import h5py, json, sys
            with h5py.File(sys.argv[1], "r") as f:
                t = f["curves"]
                pruned = t["overview/pruned_runs"][()]
                run3 = t["results/runs/run_00000003/learning_curve"]
                print(json.dumps({
                    "pruned": [[int(r["idx"]), int(r["step"])] for r in pruned],
                    "steps": [int(s) for s in run3["step"][()]],
                    "values": [float(v) for v in run3["value"][()]],
                    "at": int(run3["pruned_at_step"][()]),
                    "run4": [float(v) for v in t["results/runs/run_00000004/learning_curve/value"][()]],
                }))
            """
        let json = try #require(try Python.json(script, arguments: [file]) as? [String: Any])
        #expect((json["pruned"] as? [[Int]]) == [[2, 0], [3, 1]])
        #expect((json["steps"] as? [Int]) == [0, 1])
        #expect((json["values"] as? [Double]) == [5, 4.6])
        #expect((json["at"] as? Int) == 1)
        #expect((json["run4"] as? [Double]) == [5.5, 4.5, 3.5, 2.5])
    }

    @Test("Synchronous successive halving gives the same pruned runs and values on 1 and 2 cores")
    func synchronousHalvingAnyCores() async throws {
        var results: [[String]] = []
        for cores in [1, 2] {
            let directory = try TemporaryDirectory()
            var options = quietOptions(directory, cores: cores)
            options.pruning = Pruning(.successiveHalving(minimumStep: 1, reductionFactor: 2))
            let env = try Environment(trajectory: "halving", file: directory.file("h.hdf5"), options: options)
            try env.trajectory.addParameter("rate", 0.0)
            try env.trajectory.explore(["rate": (0..<8).map { .double(0.05 + 0.1 * Double($0)) }])
            var batches = 0
            let outcomes = try await env.run({ run in
                // A noisy decaying loss: rate sets how fast it falls, the run's stream adds noise.
                let rate = try run.value("rate", as: Double.self)
                let random = try run.random
                var loss = 1.0
                for step in 1...8 {
                    loss *= 1 - rate + 0.05 * random.uniform()
                    if try run.report(step: step, value: loss) { break }
                }
                return loss
            }, postProcessing: .afterRuns { trajectory, _ in
                batches += 1
                guard batches < 3 else { return nil }
                return ["rate": (0..<8).map { .double(0.02 + 0.11 * Double($0 + batches)) }]
            })
            #expect(outcomes.count == 24)
            #expect(outcomes.prefix(8).allSatisfy { $0.prunedAtStep == nil }, "the first batch has nothing to compare with")
            #expect(outcomes.contains { $0.prunedAtStep != nil }, "later batches prune")
            results.append(outcomes.map { "\($0.index) \($0.prunedAtStep.map(String.init) ?? "-") \($0.value ?? .nan)" })
            let loaded = try TrajectoryStorage(path: directory.file("h.hdf5")).load().trajectory
            #expect(loaded.runStatuses.map(\.prunedAtStep) == outcomes.map(\.prunedAtStep))
        }
        #expect(results[0] == results[1])
    }

    @Test("Patience, threshold and Hyperband pruners")
    func otherPruners() async throws {
        // Patience compares a run with itself: its last 1 + 1 reports all worse than its best before.
        let directory = try TemporaryDirectory()
        var options = quietOptions(directory)
        options.pruning = Pruning(.patience(steps: 1))
        let env = try Environment(trajectory: "patience", file: directory.file("p.hdf5"), options: options)
        try env.trajectory.addParameter("curve", 0)
        try env.trajectory.explore(["curve": [0, 3, 5]])
        let outcomes = try await env.run(reportCurve)
        // Curve 3 (5, 4.6, 4.6, 4.6): the window (4.6, 4.6) is not worse than the best before (4.6) at step 3.
        // Curve 5 (3, 3.5, 4, ...): at step 2 the window (3.5, 4) is worse than 3.
        #expect(outcomes.map(\.prunedAtStep) == [nil, nil, 2])

        var thresholdOptions = quietOptions(directory)
        thresholdOptions.pruning = Pruning(.threshold(upper: 5.8, warmupSteps: 0))
        let thresholds = try Environment(trajectory: "threshold", file: directory.file("t.hdf5"), options: thresholdOptions)
        try thresholds.trajectory.addParameter("curve", 0)
        try thresholds.trajectory.explore(["curve": [0, 1, 2]])
        #expect(try await thresholds.run(reportCurve).map(\.prunedAtStep) == [nil, 0, 0])

        // Hyperband: deterministic brackets; with a curve that is worse for higher indices, later runs
        // of the second batch are pruned in every bracket that compares them.
        var bandOptions = quietOptions(directory)
        bandOptions.pruning = Pruning(.hyperband(minimumStep: 1, maximumStep: 9, reductionFactor: 3))
        let band = try Environment(trajectory: "band", file: directory.file("b.hdf5"), options: bandOptions)
        try band.trajectory.addParameter("x", 0)
        try band.trajectory.explore(["x": (0..<30).map { .int($0) }])
        var expanded = false
        let banded = try await band.run({ run in
            let x = Double(try run.value("x", as: Int.self))
            var value = 0.0
            for step in 1...9 {
                value = x / Double(step)
                if try run.report(step: step, value: value) { break }
            }
            return value
        }, postProcessing: .afterRuns { _, _ in
            guard !expanded else { return nil }
            expanded = true
            return ["x": (30..<60).map { .int($0) }]
        })
        #expect(banded.prefix(30).allSatisfy { $0.prunedAtStep == nil })
        #expect(banded.suffix(30).filter { $0.prunedAtStep != nil }.count >= 20)
    }

    @Test("Bad reports and bad pruner settings are typed errors")
    func badInput() async throws {
        let directory = try TemporaryDirectory()
        let env = try Environment(trajectory: "bad", file: directory.file("bad.hdf5"), options: quietOptions(directory))
        try env.trajectory.addParameter("x", 0)
        try env.trajectory.explore(["x": [0, 1, 2, 3]])
        let kept = KeptContext()
        let outcomes = try await env.run { run -> String in
            kept.context = run
            let x = try run.value("x", as: Int.self)
            do {
                switch x {
                case 0: try run.report(step: -1, value: 1)
                case 1:
                    try run.report(step: 2, value: 1)
                    try run.report(step: 2, value: 1)
                case 2: try run.report(step: 0, value: .nan)
                default: try run.report(step: 0, value: .infinity)
                }
                return "accepted"
            } catch let error as EnvironmentError {
                return "\(error.code): \(error.message)"
            }
        }
        let messages = outcomes.compactMap { $0.value }
        #expect(messages.count == 4)
        #expect(messages[0].hasPrefix("invalid argument") && messages[0].contains("negative step -1"))
        #expect(messages[1].contains("step 2 after step 2"))
        #expect(messages[2].contains("nan") && messages[3].contains("inf"))
        // After its job ended a context refuses reports.
        let late = try #require(kept.context)
        expectError(EnvironmentError.Code.invalidArgument, as: EnvironmentError.self) { try late.report(step: 9, value: 1) }

        for pruner in [Pruner.median(startupRuns: -1), .percentile(120), .successiveHalving(reductionFactor: 1),
                       .hyperband(minimumStep: 5, maximumStep: 2), .patience(steps: -1), .threshold()] {
            var options = quietOptions(directory)
            options.pruning = Pruning(pruner)
            expectError(EnvironmentError.Code.invalidArgument, as: EnvironmentError.self) { try Environment(trajectory: "bad_settings", options: options) }
        }
    }
}

/// Keeps a run's context past its job (to check that it refuses late reports).
private final class KeptContext: @unchecked Sendable {
    var context: RunContext?
}
