import PypetCore
import Testing

@Suite("Documentation example")
struct DocumentationExampleTests {
    /// The PypetCore catalog's overview example, so the documentation cannot drift from the API.
    @Test("the DocC overview example runs as documented")
    func overview() throws {
        let traj = try Trajectory(name: "neurons", comment: "LIF sweep")
        try traj.addParameter("neuron.gL", 10.0, comment: "leak conductance")
        try traj.addParameter("neuron.EL", -70.0)

        var product = CartesianProduct()
        try product.add("gL", [5.0, 10.0, 20.0])
        try product.add("EL", [-70.0, -65.0])
        try traj.explore(product.ranges)               // 6 runs, gL varies slowest

        try traj.forEachRun { run in
            let gL = try traj.par.neuron.gL.value(as: Double.self)
            try traj.addResult("runs.$.rate", .double(gL * 2))   // results.runs.run_0000000N.rate
        }
        try traj.expand(["gL": [40.0], "EL": [-60.0]])  // run 6, appended in O(new points)

        #expect(traj.length == 7)
        #expect(try traj.parameter("gL").range == [5.0, 5.0, 10.0, 10.0, 20.0, 20.0, 40.0])
        #expect(try traj.parameter("EL").range == [-70.0, -65.0, -70.0, -65.0, -70.0, -65.0, -60.0])
        #expect(try traj.resultsFromRuns("rate") == [0: 10.0, 1: 10.0, 2: 20.0, 3: 20.0, 4: 40.0, 5: 40.0])
        #expect(try traj.node("results.runs.run_00000005.rate") is ResultNode)
    }
}
