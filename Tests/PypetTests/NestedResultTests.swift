import Foundation
import Pypet
import PypetTestSupport
import Testing

@Suite("Nested result items")
struct NestedResultTests {
    @Test("stats.mean inside one result: added in runs and on the trajectory, stored as pypet's dict, read back by path and with h5py")
    func nestedItems() async throws {
        let directory = try TemporaryDirectory()
        let file = directory.file("nested.hdf5")
        var options = quietOptions(directory)
        options.keepRunResults = true
        let env = try Environment(trajectory: "nested", file: file, options: options)
        try env.trajectory.addParameter("x", 0)
        try env.trajectory.explore(["x": [1, 2]])
        try env.trajectory.addResult("summary", items: ["stats.mean": .double(1.5), "stats.n": .int(2), "label": "two runs"])
        try await env.run { run in
            let x = try run.value("x", as: Int.self)
            try run.addResult("fit", items: ["stats.mean": .double(Double(x) / 2), "stats.n": .int(x), "slope": .double(3)])
        }
        // In memory and after loading: by item name and by full path.
        #expect(try env.trajectory.value("results.summary.stats.mean", as: Double.self) == 1.5)
        let loaded = try TrajectoryStorage(path: file).load().trajectory
        #expect(try loaded.value("results.summary.stats.n", as: Int.self) == 2)
        #expect(try loaded.result("results.runs.run_00000001.fit").item("stats.mean") == .double(1))
        #expect(try loaded.item("results.runs.run_00000001.fit.stats.n") == .int(2))
        #expect(try loaded.item("results.runs.run_00000000.fit.slope") == .double(3))
        #expect(try loaded.result("results.summary").item("stats") == .dictionary(["mean": .double(1.5), "n": .int(2)]))

        // h5py and pypet see a dict item named stats.
        let script = """
            import h5py, json, sys
            with h5py.File(sys.argv[1], "r") as f:
                stats = f["nested/results/runs/run_00000001/fit/stats"]
                print(json.dumps({"mean": float(stats["mean"][0]), "n": int(stats["n"][0]), "store": stats.attrs["SRVC_STORE"].decode() if isinstance(stats.attrs["SRVC_STORE"], bytes) else stats.attrs["SRVC_STORE"]}))
            """
        let json = try #require(try Python.json(script, arguments: [file]) as? [String: Any])
        #expect(json["mean"] as? Double == 1 && json["n"] as? Int == 2)
        #expect(json["store"] as? String == "DICT")

        // Bad nesting: too deep, a non-scalar nested value, nesting into an item that is not a dictionary.
        let result = try env.trajectory.addResult("bad", items: ["plain": .double(1)])
        expectError(TrajectoryError.Code.invalidName, as: TrajectoryError.self) { try result.set("a.b.c", .double(1)) }
        expectError(TrajectoryError.Code.invalidValue, as: TrajectoryError.self) { try result.set("a.b", .array(NDArray([1.0, 2.0]))) }
        expectError(TrajectoryError.Code.alreadyExists, as: TrajectoryError.self) { try result.set("plain.b", .double(1)) }
        expectError(TrajectoryError.Code.notFound, as: TrajectoryError.self) { try loaded.item("results.summary.stats.median") }
    }
}
