import PypetCore
import Testing

@Suite("Exploration and runs")
struct ExplorationTests {
    func makeTrajectory() throws -> Trajectory {
        let traj = try Trajectory(name: "t")
        try traj.addParameter("x", 0.0)
        try traj.addParameter("y", 0)
        try traj.addParameter("label", "none")
        return traj
    }

    @Test("explore sets equal-length ranges of the default's type")
    func explore() throws {
        let traj = try makeTrajectory()
        #expect(traj.length == 1)
        try traj.explore(["x": [1.0, 2.0, 3.0], "y": [10, 20, 30]])
        #expect(traj.length == 3)
        #expect(traj.exploredParameterNames == ["parameters.x", "parameters.y"])
        #expect(try traj.parameter("x").range == [1.0, 2.0, 3.0])
        #expect(traj.runNames == ["run_00000000", "run_00000001", "run_00000002"])
        #expect(try traj.runInformation(1).parameterSummary == "x: 2.0, y: 20")
        expectTrajectoryError(.unequalLengths) { try traj.explore(["x": [1.0, 2.0], "y": [1, 2, 3]]) }
        expectTrajectoryError(.unequalLengths) { try traj.explore(["label": ["a", "b"]]) }
        expectTrajectoryError(.typeMismatch) { try traj.explore(["x": [1, 2, 3]]) }
        expectTrajectoryError(.typeMismatch) { try traj.explore(["y": [.int(1), .double(2), .int(3)]]) }
        expectTrajectoryError(.invalidValue) { try traj.explore(["x": [PypetValue]()]) }
        expectTrajectoryError(.notFound) { try traj.explore(["z": [1.0, 2.0, 3.0]]) }
        // Failed calls changed nothing.
        #expect(try traj.parameter("x").range == [1.0, 2.0, 3.0])
        try traj.explore(["label": ["a", "b", "c"]])
        #expect(traj.exploredParameterNames.count == 3)
    }

    @Test("expand appends to exactly the explored parameters and never rewrites earlier points")
    func expand() throws {
        let traj = try makeTrajectory()
        try traj.expand(["x": [1.0], "y": [1]])  // nothing explored yet: explores
        #expect(traj.length == 1)
        try traj.markRunCompleted(0, at: 5)
        expectTrajectoryError(.explorationMismatch) { try traj.explore(["x": [9.0], "y": [9]]) }
        try traj.expand(["x": [2.0, 3.0], "y": [2, 3]])
        #expect(traj.length == 3)
        #expect(try traj.parameter("x").range == [1.0, 2.0, 3.0])
        #expect(try traj.isCompleted(0))
        #expect(try !traj.isCompleted(2))
        expectTrajectoryError(.explorationMismatch) { try traj.expand(["x": [4.0]]) }
        expectTrajectoryError(.explorationMismatch) { try traj.expand(["x": [4.0], "y": [4], "label": ["d"]]) }
        expectTrajectoryError(.unequalLengths) { try traj.expand(["x": [4.0], "y": [4, 5]]) }
        expectTrajectoryError(.typeMismatch) { try traj.expand(["x": [4.0], "y": [.string("4")]]) }
        #expect(traj.length == 3)
    }

    @Test("cartesian products: first dimension slowest, linked dimensions zipped")
    func cartesian() throws {
        var product = CartesianProduct()
        try product.add("x", [1.0, 2.0])
        try product.addLinked(["y": [10, 20, 30], "label": ["a", "b", "c"]])
        #expect(product.count == 6)
        let ranges = product.ranges
        #expect(ranges["x"] == [1.0, 1.0, 1.0, 2.0, 2.0, 2.0])
        #expect(ranges["y"] == [10, 20, 30, 10, 20, 30])
        #expect(ranges["label"] == ["a", "b", "c", "a", "b", "c"])
        let traj = try makeTrajectory()
        try traj.explore(ranges)
        #expect(traj.length == 6)
        expectTrajectoryError(.unequalLengths) { try product.addLinked(["p": [1], "q": [1, 2]]) }
        expectTrajectoryError(.alreadyExists) { try product.add("x", [3.0]) }
        expectTrajectoryError(.invalidValue) { try product.add("empty", [PypetValue]()) }
    }

    @Test("unique points, current runs, iteration, searching and collecting results")
    func runs() throws {
        let traj = try makeTrajectory()
        try traj.explore(["x": [1.0, 2.0, 1.0, 2.0], "y": [1, 1, 1, 2]])
        let unique = try traj.uniquePoints(of: ["x", "y"])
        #expect(unique.map(\.runs) == [[0, 2], [1], [3]])
        #expect(unique[0].values == [1.0, 1])

        try traj.setCurrentRun(3)
        #expect(try traj.value("x", as: Double.self) == 2.0)
        #expect(try traj.value("y", as: Int.self) == 2)
        #expect(try traj.value("label", as: String.self) == "none")
        traj.restoreDefaults()
        #expect(try traj.value("x", as: Double.self) == 0.0)
        expectTrajectoryError(.notFound) { try traj.setCurrentRun(4) }

        var seen: [Double] = []
        try traj.forEachRun { run in
            seen.append(try traj.value("x", as: Double.self))
            try traj.addResult("runs.$.z", .double(Double(run) * 10))
        }
        #expect(seen == [1, 2, 1, 2])
        #expect(traj.currentRun == nil)
        #expect(try traj.resultsFromRuns("z") == [0: 0.0, 1: 10.0, 2: 20.0, 3: 30.0])
        #expect(try traj.findRuns(["x", "y"]) { $0[0] == 2.0 && $0[1] == 1 } == [1])
        #expect(try traj.runIndex("run_2") == 2)
        #expect(try traj.runIndex("run_00000003") == 3)
        expectTrajectoryError(.notFound) { try traj.runIndex("run_9") }

        try traj.markRunStarted(1, at: 100)
        try traj.markRunFailed(1, message: "diverged", at: 101.5)
        let info = try traj.runInformation(1)
        #expect(info.failed && !info.completed && info.failure == "diverged" && info.runtime == 1.5)
        try traj.markRunCompleted(1, at: 102)
        #expect(try traj.runInformation(1).failure == nil)
    }

    @Test("run statuses: times (a NaN stays NaN, not 'no time'), failures and pruning steps set and cleared, new runs not started")
    func runStatuses() throws {
        let traj = try makeTrajectory()
        try traj.explore(["x": [1.0, 2.0, 3.0]])
        #expect(traj.runStatuses.count == 3 && traj.runStatuses.allSatisfy { !$0.completed && $0.timestamp == nil && $0.finishTimestamp == nil })
        try traj.markRunStarted(0, at: .nan)
        #expect(try traj.runInformation(0).timestamp?.isNaN == true)
        try traj.markRunStarted(2, at: 5)
        try traj.markRunPruned(2, atStep: 7)
        #expect(traj.runStatuses[2].pruned && traj.runStatuses[2].prunedAtStep == 7 && traj.runStatuses[2].completed)
        try traj.markRunFailed(2, message: "late", at: 6)
        #expect(!traj.runStatuses[2].pruned && traj.runStatuses[2].failure == "late" && traj.runStatuses[2].runtime == 1)
        try traj.markRunCompleted(2, at: 8)
        #expect(traj.runStatuses[2].failure == nil && traj.runStatuses[2].completed && traj.runStatuses[2].index == 2)
        try traj.expand(["x": [4.0, 5.0]])
        #expect(traj.runStatuses.count == 5 && traj.runStatuses[4].timestamp == nil && !traj.runStatuses[4].completed)
        #expect(traj.runStatuses.map(\.name) == traj.runNames && traj.runNames.last == "run_00000004")
        #expect(try traj.isCompleted(2) && !(try traj.isCompleted(1)))
    }
}
