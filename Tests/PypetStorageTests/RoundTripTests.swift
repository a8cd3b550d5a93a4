import ComplexModule
import HDF5
import PypetCore
import PypetStorage
import PypetTestSupport
import Testing

struct Model: PypetCustomValue {
    static let typeName = "Model"
    var layers: [Int]
}

@Suite("Store and load")
struct RoundTripTests {
    @Test("a stored trajectory loads back with every value, range, result, comment, annotation and run")
    func roundTrip() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("rt.hdf5")
        let traj = try StoreInteropTests.makeTrajectory()
        try traj.addResult("summary", items: [
            "table": .table(try DataTable([("a", .int([1, 2])), ("b", .string(["x", "yé"]))])),
            "sparse": .sparse(try SparseMatrix(dense: [0, 1, 2, 0], rows: 2, columns: 2)),
            "dict": ["k": 1, "s": "v", "f": 0.5, "b": true],
            "names": .list(["a", "b"]),
            "model": .custom(try CustomValue(Model(layers: [3, 4]))),
            "z": .complex(Complex(0, 1)),
        ])
        try traj.addParameter("model", .custom(try CustomValue(Model(layers: [1]))))
        try traj.addGroup("analysis", comment: "user group").addLink("best", to: try traj.node("results.runs.run_00000001"))
        try traj.markRunFailed(2, message: "diverged", at: 1003)
        try TrajectoryStorage(path: path).store(traj)

        let loaded = try TrajectoryStorage(path: path).load()
        #expect(loaded.failures.isEmpty, "\(loaded.failures)")
        let copy = loaded.trajectory
        #expect(copy.name == traj.name && copy.comment == traj.comment && copy.creationTimestamp == traj.creationTimestamp)
        #expect(copy.length == 4)
        #expect(copy.exploredParameterNames == ["parameters.x", "parameters.y"])
        for leaf in traj.root.leaves() {
            let other = try copy.node(leaf.fullName)
            #expect(other.comment == leaf.comment, "\(leaf.fullName)")
            #expect(other.annotations == leaf.annotations, "\(leaf.fullName)")
            if let parameter = leaf as? Parameter, let otherParameter = other as? Parameter {
                #expect(otherParameter.defaultValue == parameter.defaultValue, "\(leaf.fullName)")
                #expect(otherParameter.range == parameter.range, "\(leaf.fullName)")
            } else if let result = leaf as? ResultNode, let otherResult = other as? ResultNode {
                #expect(otherResult.itemNames.sorted() == result.itemNames.sorted(), "\(leaf.fullName)")
                for item in result.itemNames {
                    #expect(try otherResult.item(item) == result.item(item), "\(leaf.fullName).\(item)")
                }
            } else {
                Issue.record("\(leaf.fullName) changed kind")
            }
        }
        let runs = copy.runInformation
        #expect(runs.map(\.completed) == [true, true, false, true])
        #expect(runs[2].failure == "diverged")
        #expect(runs[1].timestamp == 1001 && runs[1].finishTimestamp == 1001.5)
        #expect(try copy.node("analysis").comment == "user group")
        #expect(try copy["analysis.best"] === copy.node("results.runs.run_00000001"))
        var registry = CustomTypeRegistry()
        registry.register(Model.self)
        #expect(try registry.decode(try copy.result("summary").item("model", as: CustomValue.self)) as? Model == Model(layers: [3, 4]))
        #expect(try copy.value("config.hdf5.complevel", as: Int.self) == 0)
    }

    @Test("storing again appends explored rows and runs, never rewriting stored rows")
    func incremental() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("inc.hdf5")
        let storage = TrajectoryStorage(path: path)
        let traj = try Trajectory(name: "grow")
        try traj.addParameter("x", 0.0)
        try traj.addParameter("tag", "a")
        try traj.explore(["x": [1.0, 2.0], "tag": ["a", "b"]])
        try storage.store(traj)
        try traj.markRunCompleted(0, at: 10)
        try traj.expand(["x": [3.0], "tag": ["c"]])
        try traj.addResult("runs.run_00000002.y", 9)
        try storage.store(traj)
        try traj.expand(["x": [4.0], "tag": [.string(String(repeating: "long", count: 20))]])
        try storage.store(traj)

        let file = try HDF5File.open(path)
        let explored = try file.root.openTable("grow/parameters/x/explored_data")
        #expect(try explored.column("data") == [.double(1), .double(2), .double(3), .double(4)])
        let runs = try file.root.openTable("grow/overview/runs")
        #expect(try runs.rowCount == 4)
        #expect(try runs.column("completed") == [.int(1), .int(0), .int(0), .int(0)])
        #expect(try file.root.openTable("grow/overview/info").row(0)["length"] == .int(4))
        try file.close()
        let loaded = try storage.load(name: "grow").trajectory
        #expect(try loaded.parameter("tag").range == ["a", "b", "c", .string(String(repeating: "long", count: 20))])
        #expect(try loaded.isCompleted(0))
        #expect(try loaded.value("results.runs.run_00000002.y", as: Int.self) == 9)
    }

    @Test("a metadata-only store writes the overview tables and no nodes")
    func metadataOnly() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("meta.hdf5")
        let traj = try StoreInteropTests.makeTrajectory()
        try TrajectoryStorage(path: path).store(traj, metadataOnly: true)
        let file = try HDF5File.open(path)
        #expect(try file.root.openTable("sweep/overview/runs").rowCount == 4)
        #expect(try file.root.openTable("sweep/overview/info").row(0)["length"] == .int(4))
        #expect(try !file.root.contains("sweep/results"))
        #expect(try !file.root.contains("sweep/parameters"))
    }

    @Test("store modes: add-new keeps items, overwrite replaces them, skip-existing leaves them")
    func modes() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("modes.hdf5")
        let storage = TrajectoryStorage(path: path)
        let traj = try Trajectory(name: "m")
        let result = try traj.addResult("r", 1)
        try storage.store(traj)
        try result.set("r", 2)
        try result.set("extra", 3)
        try storage.store(traj, mode: .skipExisting)
        #expect(try storage.load().trajectory.result("r").itemNames == ["r"])
        try storage.store(traj)
        let added = try storage.load().trajectory.result("r")
        #expect(try added.item("r") == 1 && added.item("extra") == 3)
        try storage.store(traj, mode: .overwrite)
        #expect(try storage.load().trajectory.result("r").item("r") == 2)
    }

    @Test("several trajectories in one file, chosen by name or index; bad requests are typed errors")
    func selection() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("multi.hdf5")
        let storage = TrajectoryStorage(path: path)
        for name in ["alpha", "beta"] {
            let traj = try Trajectory(name: name)
            try traj.addParameter("which", .string(name))
            try storage.store(traj)
        }
        #expect(try storage.trajectoryNames() == ["alpha", "beta"])
        #expect(try storage.load().trajectory.name == "beta")
        #expect(try storage.load(index: 0).trajectory.value("which", as: String.self) == "alpha")
        #expect(try storage.load(name: "alpha").trajectory.name == "alpha")
        expectError(.notFound, as: StorageError.self) { try storage.load(name: "gamma") }
        expectError(.notFound, as: StorageError.self) { try storage.load(index: 5) }
        expectError(.notFound, as: StorageError.self) { try TrajectoryStorage(path: directory.file("none.hdf5")).load() }
        let junk = try directory.write(Array(repeating: 7, count: 100), to: "junk.hdf5")
        expectError(.invalidFile, as: StorageError.self) { try TrajectoryStorage(path: junk).load() }
    }
}

@Suite("Large runs tables")
struct LargeRunsTableTests {
    private func columns(_ path: String) throws -> (idx: [Int64], names: [String], completed: [Int64], finished: [Double]) {
        let file = try HDF5File.open(path)
        defer { try? file.close() }
        let table = try file.root.openTable("large/overview/runs")
        let values = try table.readColumns(["idx", "name", "completed", "finish_timestamp"])
        guard case .int(let idx)? = values["idx"], case .string(let names)? = values["name"], case .int(let completed)? = values["completed"],
            case .double(let finished)? = values["finish_timestamp"]
        else { throw StorageError(code: .invalidFile, message: "unexpected column types") }
        return (idx, names, completed, finished)
    }

    @Test("a runs table longer than one write (20,000 rows) is written in order, and status updates across write boundaries land on the right rows")
    func slices() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("large.hdf5")
        let runs = 20_000
        let traj = try Trajectory(name: "large")
        try traj.addParameter("x", 0)
        try traj.explore(["x": (0..<runs).map { .int($0) }])
        let storage = TrajectoryStorage(path: path)
        try storage.store(traj)
        var table = try columns(path)
        #expect(table.idx == (0..<runs).map { Int64($0) })
        #expect(table.names.first == "run_00000000" && table.names.last == "run_00019999")
        #expect(table.completed.allSatisfy { $0 == 0 })
        // A stretch of completions crossing two write boundaries (8,192 and 16,384), and a few strays.
        let done = Array(8_000..<16_500) + [3, 19_999]
        for index in done { try traj.markRunCompleted(index, at: Double(index) + 0.5) }
        try storage.store(traj)
        table = try columns(path)
        let expected = Set(done)
        #expect((0..<runs).filter { table.completed[$0] == 1 } == expected.sorted())
        #expect(done.allSatisfy { table.finished[$0] == Double($0) + 0.5 })
        #expect(table.idx == (0..<runs).map { Int64($0) })
    }
}
