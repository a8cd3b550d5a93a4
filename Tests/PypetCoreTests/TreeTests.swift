import PypetCore
import Testing

@Suite("Tree")
struct TreeTests {
    @Test("a trajectory has its four branches, a name (optionally timed) and a comment")
    func branches() throws {
        let traj = try Trajectory(name: "sweep", comment: "a test", addTime: true, timestamp: 1_700_000_000)
        #expect(traj.name == "sweep_2023_11_14_22h13m20s")
        #expect(traj.comment == "a test")
        #expect(traj.creationTimestamp == 1_700_000_000)
        #expect(traj.root.children.map(\.name) == ["config", "parameters", "derived_parameters", "results"])
        #expect(traj.parameters.fullName == "parameters")
        #expect(traj.parameters.depth == 1)
        #expect(traj.parameters.trajectory === traj)
        expectTrajectoryError(.wrongKind) { try traj.root.removeChild("results", recursive: true) }
        #expect(try Trajectory(name: "plain").name == "plain")
    }

    @Test("dotted names create intermediate groups; comments and annotations on every node")
    func dottedNames() throws {
        let traj = try Trajectory(name: "t")
        let gL = try traj.addParameter("neuron.gL", 10.0, comment: "leak")
        #expect(gL.fullName == "parameters.neuron.gL")
        #expect(gL.comment == "leak")
        let neuron = try #require(gL.parent)
        #expect(neuron.fullName == "parameters.neuron")
        try traj.addParameter("parameters.neuron.EL", -70.0)
        #expect(neuron.children.map(\.name) == ["gL", "EL"])
        neuron.comment = "the neuron model"
        try neuron.annotate("unit", "mV")
        try gL.annotate("bounds", [0.0, 100.0])
        #expect(neuron.annotations["unit"] == "mV")
        #expect(gL.annotations["bounds"] == .list([.double(0), .double(100)]))
        try gL.removeAnnotation("bounds")
        #expect(gL.annotations.isEmpty)
        expectTrajectoryError(.notFound) { try gL.removeAnnotation("bounds") }
        expectTrajectoryError(.invalidName) { try gL.annotate("bad key", 1) }
        let analysis = try traj.addGroup("analysis.figures", comment: "user group")
        #expect(analysis.fullName == "analysis.figures")
        expectTrajectoryError(.alreadyExists) { try traj.addParameter("neuron.gL", 1.0) }
        expectTrajectoryError(.wrongKind) { try traj.addParameter("neuron.gL.x", 1.0) }
        expectTrajectoryError(.reservedName) { try traj.addGroup("overview.tables") }
    }

    @Test("requireGroup creates what is missing and returns what exists")
    func requireGroup() throws {
        let traj = try Trajectory(name: "t")
        let deep = try traj.results.requireGroup("a.b.c")
        #expect(deep.fullName == "results.a.b.c")
        #expect(try traj.results.requireGroup("a.b") === deep.parent)
        try traj.addResult("a.leaf", 1)
        expectTrajectoryError(.wrongKind) { try traj.results.requireGroup("a.leaf.x") }
        expectTrajectoryError(.invalidName) { try traj.results.requireGroup("a.bad name") }
    }

    @Test("names are validated", arguments: [
        ("", TrajectoryError.Code.invalidName), ("a b", .invalidName), ("_private", .invalidName),
        ("ü", .invalidName), (String(repeating: "x", count: 128), .invalidName), ("a.b..c", .invalidName),
        ("par", .reservedName), ("crun", .reservedName), ("$", .reservedName), ("run_7", .reservedName),
        ("r_12", .reservedName), ("rts_3", .reservedName),
    ])
    func invalidNames(name: String, code: TrajectoryError.Code) throws {
        let traj = try Trajectory(name: "t")
        expectTrajectoryError(code) { try traj.addParameter(name, 1) }
    }

    @Test("valid names", arguments: ["x", "gL", "a-b", "A_1", "run_00000007", String(repeating: "x", count: 127)])
    func validNames(name: String) throws {
        let traj = try Trajectory(name: "t")
        #expect(try traj.addParameter(name, 1).name == name)
    }

    @Test("links, removal and iteration")
    func linksRemovalIteration() throws {
        let traj = try Trajectory(name: "t")
        let gL = try traj.addParameter("neuron.gL", 10.0)
        try traj.addParameter("neuron.EL", -70.0)
        try traj.addParameter("synapse.tau", 5.0)
        try traj.addResult("summary.rate", 12.5)
        let shortcuts = try traj.addGroup("analysis")
        try shortcuts.addLink("leak", to: gL)
        #expect(try traj["analysis.leak"] === gL)
        #expect(shortcuts.links.map(\.name) == ["leak"])
        expectTrajectoryError(.alreadyExists) { try shortcuts.addLink("leak", to: gL) }
        let other = try Trajectory(name: "other")
        expectTrajectoryError(.invalidValue) { try shortcuts.addLink("foreign", to: other.parameters) }

        let all = traj.root.nodes().map(\.fullName)
        #expect(all.contains("parameters.neuron.gL") && all.contains("results.summary.rate"))
        #expect(traj.parameters.nodes(recursive: false).map(\.name) == ["neuron", "synapse"])
        #expect(traj.root.nodes(maxDepth: 2).map(\.fullName).contains("parameters.neuron"))
        #expect(!traj.root.nodes(maxDepth: 2).map(\.fullName).contains("parameters.neuron.gL"))
        #expect(traj.parameters.leaves().map(\.name) == ["gL", "EL", "tau"])
        #expect(traj.root.leaves { $0 is ResultNode }.map(\.fullName) == ["results.summary.rate"])
        #expect(traj.root.nodes { $0.name.hasPrefix("s") }.map(\.name) == ["synapse", "summary"])

        expectTrajectoryError(.wrongKind) { try traj.parameters.removeChild("neuron") }
        try traj.parameters.removeChild("neuron", recursive: true)
        #expect(gL.parent == nil)
        expectTrajectoryError(.notFound) { try traj.node("gL") }
        expectTrajectoryError(.notFound) { try traj["analysis.leak"] }
        try shortcuts.removeLink("leak")
        expectTrajectoryError(.notFound) { try shortcuts.removeLink("leak") }
        expectTrajectoryError(.notFound) { try traj.parameters.removeChild("neuron") }
    }

    @Test("run and run-set names are zero-padded to pypet's widths; wider and negative indices keep every digit")
    func runNames() {
        #expect(NodeName.run(0) == "run_00000000")
        #expect(NodeName.run(42) == "run_00000042")
        #expect(NodeName.run(99_999_999) == "run_99999999")
        #expect(NodeName.run(123_456_789) == "run_123456789")
        #expect(NodeName.run(-3) == "run_000000-3")
        #expect(NodeName.runSet(0) == "run_set_00000")
        #expect(NodeName.runSet(12_345) == "run_set_00012")
        #expect(NodeName.runSet(123_456_789) == "run_set_123456")
    }
}
