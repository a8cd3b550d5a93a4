import PypetCore
import Testing

@Suite("Parameters and results")
struct ParameterTests {
    @Test("reading locks; locked and explored parameters refuse changes; types are conserved")
    func locking() throws {
        let traj = try Trajectory(name: "t")
        let x = try traj.addParameter("x", 1.0)
        #expect(!x.isLocked)
        try x.setValue(2.0)
        #expect(x.peek() == 2.0)
        #expect(!x.isLocked)
        #expect(try x.value(as: Double.self) == 2.0)
        #expect(x.isLocked)
        expectTrajectoryError(.locked) { try x.setValue(3.0) }
        x.unlock()
        expectTrajectoryError(.typeMismatch) { try x.setValue(3) }
        expectTrajectoryError(.typeMismatch) { try x.setValue(.float(3)) }
        try x.setValue(3.0)
        x.lock()
        expectTrajectoryError(.locked) { try x.setValue(4.0) }
        expectTrajectoryError(.typeMismatch) { try x.value(as: Int.self) }

        let y = try traj.addParameter("y", 1)
        try traj.explore(["y": [1, 2]])
        expectTrajectoryError(.explorationMismatch) { try y.setValue(5) }
        expectTrajectoryError(.invalidValue) { try traj.addParameter("empty", .list([])) }
        expectTrajectoryError(.invalidValue) { try traj.addParameter("mixed", [1, "a"]) }
        expectTrajectoryError(.invalidValue) { try traj.addParameter("table", .dictionary(["a": 1])) }
    }

    @Test("derived and config parameters live in their branches")
    func branches() throws {
        let traj = try Trajectory(name: "t")
        let derived = try traj.addDerivedParameter("tau", 0.02)
        let config = try traj.addConfig("ncores", 4)
        #expect(derived.fullName == "derived_parameters.tau")
        #expect(config.fullName == "config.ncores")
        #expect(try traj.value("dpar.tau", as: Double.self) == 0.02)
        #expect(try traj.value("conf.ncores", as: Int.self) == 4)
        expectTrajectoryError(.explorationMismatch) { try traj.explore(["conf.ncores": [1, 2]]) }
    }

    @Test("presets replace defaults when the parameter is added; unused presets are reported")
    func presets() throws {
        let traj = try Trajectory(name: "t")
        try traj.preset("neuron.gL", 20.0)
        try traj.preset("typo", 1)
        try traj.preset("config.seed", 7)
        #expect(traj.unusedPresets == ["config.seed", "parameters.neuron.gL", "parameters.typo"])
        let gL = try traj.addParameter("neuron.gL", 10.0)
        #expect(gL.peek() == 20.0)
        try traj.addConfig("seed", 1)
        #expect(try traj.value("config.seed", as: Int.self) == 7)
        let error = expectTrajectoryError(.unusedPreset) { try traj.checkPresets() }
        #expect(error?.candidates == ["parameters.typo"])
        try traj.preset("mismatch", "text")
        expectTrajectoryError(.typeMismatch) { try traj.addParameter("mismatch", 1.0) }
        expectTrajectoryError(.alreadyExists) { try traj.preset("neuron.gL", 1.0) }
    }

    @Test("results hold any value, by item, with typed reads")
    func results() throws {
        let traj = try Trajectory(name: "t")
        let z = try traj.addResult("z", 42)
        #expect(try z.value(as: Int.self) == 42)
        let stats = try traj.addResult("stats", items: ["mean": 1.5, "counts": [1, 2, 3], "table": .dictionary(["a": 1])])
        #expect(stats.itemNames == ["mean", "counts", "table"])
        #expect(try stats.item("counts", as: [Int].self) == [1, 2, 3])
        expectTrajectoryError(.wrongKind) { try stats.value }
        expectTrajectoryError(.notFound) { try stats.item("missing") }
        expectTrajectoryError(.typeMismatch) { try stats.item("mean", as: String.self) }
        try stats.set("mean", 2.5)
        #expect(try stats.item("mean") == 2.5)
        try stats.removeItem("table")
        #expect(stats.itemNames == ["mean", "counts"])
        expectTrajectoryError(.invalidValue) { try stats.set("nested", .dictionary(["a": [1]])) }
        expectTrajectoryError(.invalidValue) { try stats.set("mixed", [1, "a"]) }
        let empty = try traj.addResult("later")
        try empty.set("later", "filled")
        #expect(try traj.value("later", as: String.self) == "filled")
    }
}
