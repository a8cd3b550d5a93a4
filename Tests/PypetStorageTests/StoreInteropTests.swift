import ComplexModule
import Foundation
import HDF5
import PypetCore
import PypetStorage
import PypetTestSupport
import Testing

@Suite("Storage interop with pypet")
struct StoreInteropTests {
    typealias JSON = [String: Any]

    static func makeTrajectory() throws -> Trajectory {
        let traj = try Trajectory(name: "sweep", comment: "stored by swift-pypet")
        try traj.addParameter("x", 1.0, comment: "the x")
        try traj.addParameter("y", 2)
        try traj.addParameter("flag", true)
        try traj.addParameter("label", "Grüße")
        try traj.addParameter("z", .complex(Complex(1, -2)))
        try traj.addParameter("single", .float(0.5))
        try traj.addParameter("counts", [1, 2, 3])
        try traj.addParameter("matrix", .array(try NDArray(shape: [2, 2], elements: .double([1, 2, 3, 4]))))
        try traj.addParameter("neuron.gL", .int(1 << 40))
        try traj.parameter("x").annotate("unit", "mV")
        var product = CartesianProduct()
        try product.add("x", [1.0, 2.0])
        try product.add("y", [3, 4])
        try traj.explore(product.ranges)
        try traj.forEachRun { run in
            let x = try traj.value("x", as: Double.self), y = try traj.value("y", as: Int.self)
            try traj.addResult("runs.$.product", .double(x * Double(y)), comment: "x times y")
            try traj.addResult("runs.$.stats", items: [
                "count": .int(run), "name": .string("run \(run) ü"), "ok": .bool(run % 2 == 0),
                "values": [1.5, 2.5], "grid": .array(NDArray([Double(run), 0])),
            ])
            try traj.markRunStarted(run, at: 1000 + Double(run))
            if run != 2 { try traj.markRunCompleted(run, at: 1000.5 + Double(run)) }
        }
        return traj
    }

    @Test("pypet 0.6.1 loads our file: types, values, runs, results and completed flags")
    func pypetLoadsOurs() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("ours.hdf5")
        let traj = try Self.makeTrajectory()
        try TrajectoryStorage(path: path).store(traj)
        let loaded = try #require(try Python.jsonFromFile("Tests/PypetStorageTests/Python/load_pypet.py", arguments: [path]) as? JSON)
        #expect(loaded["name"] as? String == "sweep")
        #expect(loaded["comment"] as? String == "stored by swift-pypet")
        #expect(loaded["length"] as? Int == 4)
        let parameters = try #require(loaded["parameters"] as? [String: JSON])
        func parameter(_ name: String) -> JSON { parameters["parameters." + name] ?? [:] }
        #expect(parameter("x")["type"] as? String == "float")
        #expect(parameter("x")["value"] as? Double == 1.0)
        #expect(parameter("x")["comment"] as? String == "the x")
        #expect(parameter("x")["explored"] as? Bool == true)
        #expect(parameter("y")["type"] as? String == "int")
        #expect(parameter("flag")["type"] as? String == "bool")
        #expect(parameter("flag")["value"] as? Bool == true)
        #expect(parameter("label")["type"] as? String == "str")
        #expect(parameter("label")["value"] as? String == "Grüße")
        #expect(parameter("z")["type"] as? String == "complex")
        #expect(parameter("z")["value"] as? [Double] == [1, -2])
        #expect(parameter("single")["type"] as? String == "float32")
        #expect(parameter("counts")["type"] as? String == "list")
        #expect(parameter("counts")["value"] as? [Int] == [1, 2, 3])
        #expect(parameter("matrix")["type"] as? String == "ndarray")
        #expect(parameter("matrix")["value"] as? [[Double]] == [[1, 2], [3, 4]])
        #expect(parameter("neuron.gL")["value"] as? Int == 1 << 40)
        let runs = try #require(loaded["runs"] as? [JSON])
        #expect(runs.count == 4)
        let points = runs.compactMap { $0["point"] as? JSON }
        #expect(points.compactMap { $0["x"] as? Double } == [1, 1, 2, 2])
        #expect(points.compactMap { $0["y"] as? Int } == [3, 4, 3, 4])
        for (index, run) in runs.enumerated() {
            let results = try #require(run["results"] as? [String: [String: JSON]])
            let product = results["product"]?["product"]
            #expect(product?["type"] as? String == "float")
            #expect(product?["value"] as? Double == [3.0, 4.0, 6.0, 8.0][index])
            #expect(results["stats"]?["count"]?["type"] as? String == "int")
            #expect(results["stats"]?["count"]?["value"] as? Int == index)
            #expect(results["stats"]?["name"]?["value"] as? String == "run \(index) ü")
            #expect(results["stats"]?["ok"]?["type"] as? String == "bool")
            #expect(results["stats"]?["values"]?["type"] as? String == "list")
            #expect(results["stats"]?["values"]?["value"] as? [Double] == [1.5, 2.5])
            #expect(results["stats"]?["grid"]?["value"] as? [Double] == [Double(index), 0])
        }
        #expect(loaded["completed"] as? [Int] == [1, 1, 0, 1])
    }
}
