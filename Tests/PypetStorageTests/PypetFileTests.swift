import ComplexModule
import PypetCore
import PypetStorage
import PypetTestSupport
import Testing

@Suite("Reading files pypet wrote")
struct PypetFileTests {
    @Test("all basic types, int32 and int64 integers, bitfield and enum booleans, ASCII and UTF-8 strings; pickled items described, pandas frames as tables")
    func readPypetFile() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("pypet.hdf5")
        try Python.runFile("Tests/PypetStorageTests/Python/write_pypet.py", arguments: [path])
        let loaded = try TrajectoryStorage(path: path).load()
        let traj = loaded.trajectory
        #expect(traj.name == "pypet_traj")
        #expect(traj.comment == "written by pypet")
        #expect(traj.length == 4)
        #expect(try traj.value("x", as: Double.self) == 1.0)
        #expect(try traj.parameter("x").comment == "the x")
        #expect(try traj.parameter("x").annotations["unit"] == "mV")
        #expect(try traj.value("y", as: Int.self) == 2)
        #expect(try traj.value("s", as: String.self) == "hello")
        #expect(try traj.value("b", as: Bool.self) == true)
        #expect(try traj.value("c", as: Complex<Double>.self) == Complex(1, 2))
        #expect(try traj.value("arr", as: NDArray.self) == NDArray([1.0, 2.0]))
        #expect(try traj.value("lst", as: [Int].self) == [1, 2, 3])
        #expect(try traj.value("group.deep", as: Int.self) == 5)
        #expect(try traj.value("enum_flag", as: Bool.self) == true)
        #expect(try traj.value("utf8_text", as: String.self) == "Grüße")
        #expect(try traj.value("big", as: Int.self) == 1 << 40)
        #expect(try traj.parameter("x").range == [1.0, 1.0, 2.0, 2.0])
        #expect(try traj.parameter("y").range == [3, 4, 3, 4])
        #expect(traj.runInformation.map(\.completed) == [true, true, true, true])
        #expect(try traj.resultsFromRuns("z") == [0: 3.0, 1: 4.0, 2: 6.0, 3: 8.0])
        let stats = try traj.result("results.runs.run_00000001.stats")
        #expect(try stats.item("mean") == 1.5)
        #expect(try stats.item("count") == 3)
        #expect(try stats.item("name") == "abc")
        #expect(try stats.item("flag") == true)
        #expect(try stats.item("lst") == [1, 2, 3])
        #expect(try stats.item("arr") == .array(NDArray([1.0, 2.0])))
        #expect(try stats.item("d") == ["a": 1, "b": "x"])
        #expect(try traj.result("results.runs.run_00000000.z").comment == "product")
        // Environment settings pypet recorded come along as config parameters.
        #expect(traj.config.directChild("environment") != nil)
        // The pickled item is described, the pandas DataFrame read as a table; nothing fails.
        #expect(loaded.failures.isEmpty, "\(loaded.failures)")
        let pickled = try traj.result("results.pickled")
        #expect(pickled.itemNames == ["pickled"])
        guard case .pickled(let description) = try pickled.item("pickled") else {
            Issue.record("the pickled item is \(try pickled.item("pickled").typeDescription)")
            return
        }
        #expect(description.byteCount > 0 && description.pickleProtocol == 0, "\(description)")
        #expect(try traj.result("results.frame").item("frame")
            == .table(try DataTable([("a", .int([1, 2])), ("b", .double([0.5, 1.5]))])))
    }
}
