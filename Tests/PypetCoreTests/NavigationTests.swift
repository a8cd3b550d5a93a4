import PypetCore
import PypetTestSupport
import Testing

@Suite("Navigation")
struct NavigationTests {
    /// x explored over 0...9, y fixed; each run's result z = 10 x; the default run holds z = -1.
    private func sweep() throws -> Trajectory {
        let trajectory = try Trajectory(name: "nav")
        try trajectory.addParameter("x", 0)
        try trajectory.addParameter("y", 1.5, comment: "fixed")
        try trajectory.addConfig("study.owner", "lab", comment: "user config")
        try trajectory.explore(["x": (0..<10).map { .int($0) }])
        for index in 0..<10 { try trajectory.addResult("runs.\(NodeName.run(index)).z", .int(10 * index)) }
        try trajectory.addResult("runs.run_ALL.z", .int(-1))
        return trajectory
    }

    @Test("forEachRun with start, stop and step visits those runs with their values; bad ranges are typed errors")
    func stridedRuns() throws {
        let trajectory = try sweep()
        var seen: [Int] = []
        try trajectory.forEachRun(from: 1, to: 8, by: 3) { index in
            seen.append(try trajectory.value("x", as: Int.self))
            #expect(trajectory.currentRun == index)
        }
        #expect(seen == [1, 4, 7])
        #expect(trajectory.currentRun == nil)
        seen = []
        try trajectory.forEachRun(from: 9, to: -1, by: -4) { seen.append($0) }
        #expect(seen == [9, 5, 1])
        #expect(throws: TrajectoryError.self) { try trajectory.forEachRun(from: 0, by: 0) { _ in } }
        #expect(throws: TrajectoryError.self) { try trajectory.forEachRun(from: 20) { _ in } }
    }

    @Test("results from runs may include the default run; flat parameter values follow the current run")
    func resultsAndParameters() throws {
        let trajectory = try sweep()
        let values = try trajectory.resultsFromRuns("z", includingDefaultRun: true)
        #expect(values[-1] == .int(-1) && values[3] == .int(30) && values.count == 11)
        #expect(try trajectory.resultsFromRuns("z", includingDefaultRun: false).count == 10)

        #expect(trajectory.parameterValues() == ["parameters.x": .int(0), "parameters.y": .double(1.5)])
        try trajectory.setCurrentRun(6)
        #expect(trajectory.parameterValues()["parameters.x"] == .int(6))
        #expect(trajectory.parameterValues(includingConfig: true)["config.study.owner"] == .string("lab"))
        trajectory.restoreDefaults()
    }

    @Test("asNew copies parameters, exploration and user config, and nothing of the runs")
    func asNew() throws {
        let trajectory = try sweep()
        try trajectory.markRunCompleted(2, at: 1)
        try trajectory.addConfig("environment.environment_abc.seed", 7)
        let fresh = try trajectory.asNew(name: "again")
        #expect(fresh.name == "again" && fresh.length == 10)
        #expect(try fresh.parameter("x").range == (0..<10).map { PypetValue.int($0) })
        #expect(try fresh.parameter("y").comment == "fixed")
        #expect(try fresh.value("config.study.owner", as: String.self) == "lab")
        #expect(fresh.config.leaves().allSatisfy { !$0.fullName.hasPrefix("config.environment") })
        #expect(fresh.results.leaves().isEmpty)
        #expect(try !fresh.isCompleted(2))
    }
}
