import PypetCore
import Testing

@Suite("Merging")
struct MergeTests {
    func make(_ name: String, xs: [Double], ys: [Int]? = nil) throws -> Trajectory {
        let traj = try Trajectory(name: name)
        try traj.addParameter("x", 0.0)
        try traj.addParameter("y", 0)
        var ranges: [String: [PypetValue]] = ["x": xs.map { .double($0) }]
        if let ys { ranges["y"] = ys.map { .int($0) } }
        try traj.explore(ranges)
        try traj.forEachRun { run in
            try traj.addResult("runs.$.z", .double(try traj.value("x", as: Double.self) * 10))
            try traj.markRunCompleted(run, at: Double(run))
        }
        return traj
    }

    @Test("runs are appended and renumbered with their results and run information")
    func appendAndRenumber() throws {
        let a = try make("a", xs: [1, 2])
        let b = try make("b", xs: [3, 4, 5])
        try b.markRunFailed(2, message: "boom", at: 9)
        let report = try a.merge(b)
        #expect(report.renumbered == [0: 2, 1: 3, 2: 4])
        #expect(a.length == 5)
        #expect(try a.parameter("x").range == [1.0, 2.0, 3.0, 4.0, 5.0])
        #expect(try a.resultsFromRuns("z") == [0: 10.0, 1: 20.0, 2: 30.0, 3: 40.0, 4: 50.0])
        #expect(try a.isCompleted(3))
        #expect(try a.runInformation(4).failure == "boom")
        #expect(try a.value("config.merge.merge_0.other_trajectory", as: String.self) == "b")
        #expect(try a.value("config.merge.merge_0.new_run_indices", as: NDArray.self) == NDArray([2, 3, 4]))
    }

    @Test("duplicates can be removed; parameters explored on one side only take the default")
    func duplicatesAndUnion() throws {
        let a = try make("a", xs: [1, 2])
        let b = try make("b", xs: [2, 3], ys: [0, 7])
        let report = try a.merge(b, removeDuplicates: true)
        // b's run 0 is (x 2, y 0), which a already has as run 1.
        #expect(report.skippedDuplicates == [0])
        #expect(report.renumbered == [1: 2])
        #expect(try a.parameter("x").range == [1.0, 2.0, 3.0])
        #expect(try a.parameter("y").range == [0, 0, 7])
        #expect(a.exploredParameterNames == ["parameters.x", "parameters.y"])
        #expect(try a.resultsFromRuns("z") == [0: 10.0, 1: 20.0, 2: 30.0])
        let again = try a.merge(try make("c", xs: [9]))
        #expect(again.renumbered == [0: 3])
        #expect(try a.node("config.merge.merge_1.other_trajectory") is Parameter)
    }

    @Test("different parameter spaces are refused and change nothing")
    func refused() throws {
        let a = try make("a", xs: [1, 2])
        let other = try Trajectory(name: "other")
        try other.addParameter("x", 0.0)
        try other.addParameter("z", 0)
        try other.explore(["x": [5.0]])
        let error = expectTrajectoryError(.explorationMismatch) { try a.merge(other) }
        #expect(error?.candidates == ["parameters.y", "parameters.z"])
        let typed = try Trajectory(name: "typed")
        try typed.addParameter("x", 0)
        try typed.addParameter("y", 0)
        expectTrajectoryError(.typeMismatch) { try a.merge(typed) }
        expectTrajectoryError(.invalidValue) { try a.merge(a) }
        #expect(a.length == 2)
        let plain1 = try Trajectory(name: "p1")
        let plain2 = try Trajectory(name: "p2")
        expectTrajectoryError(.explorationMismatch) { try plain1.merge(plain2) }
    }
}
