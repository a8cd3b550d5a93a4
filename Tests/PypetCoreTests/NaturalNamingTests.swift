import PypetCore
import Testing

@Suite("Natural naming")
struct NaturalNamingTests {
    func makeTrajectory() throws -> Trajectory {
        let traj = try Trajectory(name: "t")
        try traj.addParameter("neuron.gL", 10.0)
        try traj.addParameter("neuron.EL", -70.0)
        try traj.addParameter("synapse.tau", 5.0)
        try traj.addParameter("neuron.soma.tau", 20.0)
        try traj.addResult("runs.run_00000000.rate", 1.0)
        try traj.addResult("runs.run_00000001.rate", 2.0)
        return traj
    }

    @Test("member access, shortcuts, full names and aliases reach the same nodes")
    func access() throws {
        let traj = try makeTrajectory()
        let gL = try traj.parameter("parameters.neuron.gL")
        #expect(try traj.parameters.neuron.gL === gL)
        #expect(try traj.gL === gL)
        #expect(try traj.neuron.gL === gL)
        #expect(try traj.par.neuron.gL === gL)
        #expect(try traj["par.neuron.gL"] === gL)
        #expect(try traj["parameters.gL"] === gL)
        #expect(try traj["gL"] === gL)
        #expect(try traj.value("gL", as: Double.self) == 10)
        #expect(try traj.par.neuron.gL.value(as: Double.self) == 10)
        #expect(try traj.res.runs.run_1.rate.value(as: Double.self) == 2)
        expectTrajectoryError(.wrongKind) { try traj.par.neuron.value(as: Double.self) }
        #expect(try traj.res.runs.run_0.rate === traj.node("results.runs.run_00000000.rate"))
        #expect(try traj["results.runs.r_1.rate"] === traj.node("results.runs.run_00000001.rate"))
        expectTrajectoryError(.notFound) { try traj.missing }
        expectTrajectoryError(.notFound) { try traj["parameters.neuron.nothing"] }
        expectTrajectoryError(.wrongKind) { try traj.gL.deeper }
        expectTrajectoryError(.wrongKind) { try traj.value("neuron", as: Double.self) }
        expectTrajectoryError(.wrongKind) { try traj.result("gL") }
        expectTrajectoryError(.wrongKind) { try traj.parameter("neuron") }
        expectTrajectoryError(.invalidName) { try traj.node("") }
    }

    @Test("the closest match wins; ties are ambiguous and list every candidate")
    func ambiguity() throws {
        let traj = try makeTrajectory()
        // synapse.tau (depth 3) is closer than neuron.soma.tau (depth 4).
        #expect(try traj.tau.fullName == "parameters.synapse.tau")
        #expect(try traj.neuron.tau.fullName == "parameters.neuron.soma.tau")
        try traj.addParameter("dendrite.tau", 1.0)
        let error = expectTrajectoryError(.ambiguous) { try traj.tau }
        #expect(error?.candidates == ["parameters.dendrite.tau", "parameters.neuron.soma.tau", "parameters.synapse.tau"])
        #expect(traj.allNodes(named: "tau").count == 3)
        // Without a current run, both runs' rates are visible: ambiguous.
        expectTrajectoryError(.ambiguous) { try traj.rate }
    }

    @Test("crun, $ and $set follow the current run; other runs are hidden from shortcuts")
    func runWildcards() throws {
        let traj = try makeTrajectory()
        try traj.explore(["gL": [1.0, 2.0]])
        try traj.setCurrentRun(1)
        #expect(try traj.rate.fullName == "results.runs.run_00000001.rate")
        #expect(try traj["results.runs.crun.rate"] === traj.node("results.runs.run_00000001.rate"))
        #expect(try traj["results.runs.$.rate"] === traj.node("results.runs.run_00000001.rate"))
        let bucket = try traj.addResult("$set.$.loss", 0.5)
        #expect(bucket.fullName == "results.run_set_00000.run_00000001.loss")
        traj.restoreDefaults()
        let outside = try traj.addResult("runs.$.summary", 1)
        #expect(outside.fullName == "results.runs.run_ALL.summary")
    }

    @Test("user wildcards")
    func userWildcards() throws {
        let traj = try makeTrajectory()
        try traj.addWildcard("$trial") { run in "trial_\((run ?? 0) % 2)" }
        try traj.explore(["gL": [1.0, 2.0, 3.0]])
        try traj.setCurrentRun(2)
        let result = try traj.addResult("$trial.fitness", 0.1)
        #expect(result.fullName == "results.trial_0.fitness")
        expectTrajectoryError(.invalidName) { try traj.addWildcard("noDollar") { _ in "" } }
        expectTrajectoryError(.invalidName) { try traj.addWildcard("$") { _ in "" } }
    }
}
