import Foundation
import PypetCore
import PypetStorage
import PypetTestSupport
import Testing

/// Files written by pypet 0.6.1 with every parameter and result class, compared value by value with
/// what pypet itself reads back (the comparison runs in Python: Tests/PypetStorageTests/Python/pypet_types.py).
@Suite("Every pypet 0.6.1 type")
struct PypetTypesTests {
    static let script = "Tests/PypetStorageTests/Python/pypet_types.py"

    @Test("parameters and results of every class, integer width, dtype and shape load as pypet reads them")
    func everyTypeMatchesPypet() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("types.hdf5")
        try Python.runFile(Self.script, arguments: ["write", path])
        let loaded = try TrajectoryStorage(path: path).load()
        let traj = loaded.trajectory
        #expect(traj.length == 4)

        // Exactly two items fail: the uint64 values beyond Int.max (2^63 + 5 in a parameter table, 2^64 - 1
        // in a result array), each with its cause; the result's other item and every other item load.
        #expect(loaded.failures.map { $0.item ?? "" } == ["parameters.plain.u64array", "results.ints.uint64.array"], "\(loaded.failures)")
        #expect(loaded.failures.first?.message.contains("9223372036854775813") == true, "\(loaded.failures)")
        #expect(loaded.failures.last?.message.contains("18446744073709551615") == true, "\(loaded.failures)")
        #expect(try traj.result("results.ints.uint64").item("scalar") == .int(5))

        let view = try Self.canonicalView(traj)
        let json = directory.file("swift.json")
        try JSONSerialization.data(withJSONObject: view, options: [.sortedKeys]).write(to: URL(fileURLWithPath: json))
        let output = try Python.runFile(Self.script, arguments: ["compare", path, json])
        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(output.standardOutput.utf8)) as? [String: Any], "\(output.standardOutput)")
        #expect((report["mismatches"] as? [Any])?.isEmpty == true, "\(report["mismatches"] ?? "")")
        // Everything pypet reads is here except the two failed uint64 items; nothing more.
        #expect(report["missing"] as? [String] == ["parameters.plain.u64array", "results.ints.uint64.array"], "\(report["missing"] ?? "")")
        #expect((report["extra"] as? [String])?.isEmpty == true, "\(report["extra"] ?? "")")
        #expect((report["compared"] as? Int ?? 0) >= 85, "\(report["compared"] ?? "")")

        // The comparison sees a wrong value: one changed entry is exactly one mismatch.
        var tampered = view
        tampered["parameters.sparse.dia"] = ["kind": "sparse", "shape": [2, 3], "values": [0, 1.5, 0, 2, 0, 3]]
        try JSONSerialization.data(withJSONObject: tampered, options: [.sortedKeys]).write(to: URL(fileURLWithPath: json))
        let check = try Python.runFile(Self.script, arguments: ["compare", path, json])
        let checked = try JSONSerialization.jsonObject(with: Data(check.standardOutput.utf8)) as? [String: Any]
        #expect((checked?["mismatches"] as? [[String: Any]])?.compactMap { $0["item"] as? String } == ["parameters.sparse.dia"])

        // Lazy loading reads the same items (the unreadable one left out).
        let lazy = try TrajectoryStorage(path: path).load(options: .skeleton)
        #expect(try Self.json(Self.canonicalView(lazy.trajectory)) == Self.json(view))

        // A few values spelled out, so that a shared mistake of both sides cannot hide.
        #expect(try traj.result("results.runs.run_set_00000.run_00000003.grouped").item("arr") == .array(NDArray([3, 4, 5])))
        #expect(try traj.result("results.runs.run_set_00000.run_00000002.grouped").item("sq") == .double(4))
        #expect(try traj.parameter("parameters.ints.array_uint16").defaultValue
            == .array(try NDArray(shape: [2, 3], elements: .int([0, 11, 22, 33, 44, 55]))))
        #expect(try traj.parameter("parameters.a").range.map(\.typeDescription) == Array(repeating: "NDArray<Int>", count: 4))
        #expect(try traj.parameter("parameters.a").range[1] == .array(NDArray([3, 4, 5])))
        let csc = try SparseMatrix(pypetValue: traj.parameter("parameters.sparse.csc").defaultValue)
        #expect(csc == (try SparseMatrix(dense: [0, 1.5, 0, 2, 0, -3], rows: 2, columns: 3)))
        #expect(try traj.parameter("parameters.pickles.obj").defaultValue == .pickled(PickledValue(byteCount: 34, pickleProtocol: 2)))
        #expect(try traj.result("results.ints.uint64").item("scalar") == .int(5))
        let frame = try traj.result("results.mixed").item("frame")
        guard case .table(let table) = frame else {
            Issue.record("the DataFrame is \(frame.typeDescription)")
            return
        }
        #expect(table.columnNames == ["a", "b", "c"])
        #expect(table[column: "c"] == .bool([true, false, true]))
    }

    static func json(_ object: [String: Any]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    /// The canonical form pypet_types.py compares: every parameter (value and explored range) and every
    /// result item outside the config branch, by full name.
    static func canonicalView(_ traj: Trajectory) throws -> [String: Any] {
        var view: [String: Any] = [:]
        for leaf in traj.root.leaves() where !leaf.fullName.hasPrefix("config") {
            if let parameter = leaf as? Parameter {
                view[leaf.fullName] = canonical(parameter.defaultValue)
                if parameter.isExplored { view[leaf.fullName + "#range"] = parameter.range.map(canonical) }
            } else if let result = leaf as? ResultNode {
                for name in result.itemNames { view[leaf.fullName + "." + name] = canonical(try result.item(name)) }
            }
        }
        return view
    }

    static func canonical(_ value: PypetValue) -> Any {
        func form(_ kind: String, _ shape: [Int], _ values: [Any]) -> [String: Any] { ["kind": kind, "shape": shape, "values": values] }
        func elements(_ elements: NDArray.Elements) -> (String, [Any]) {
            switch elements {
            case .bool(let v): ("bool", v)
            case .int(let v): ("int", v)
            case .double(let v): ("float", v)
            case .float(let v): ("float", v.map { Double($0) })
            case .complex(let v): ("complex", v.map { [$0.real, $0.imaginary] })
            case .string(let v): ("str", v)
            }
        }
        switch value {
        case .bool(let v): return form("bool", [], [v])
        case .int(let v): return form("int", [], [v])
        case .double(let v): return form("float", [], [v])
        case .float(let v): return form("float", [], [Double(v)])
        case .complex(let v): return form("complex", [], [[v.real, v.imaginary]])
        case .string(let v): return form("str", [], [v])
        case .array(let array):
            let (kind, values) = elements(array.elements)
            return form(kind, array.shape, values)
        case .list(let values):
            let forms = values.map { canonical($0) as? [String: Any] ?? [:] }
            return form(forms.first?["kind"] as? String ?? "float", [values.count], forms.compactMap { ($0["values"] as? [Any])?.first })
        case .sparse(let sparse):
            var dense: [Double] = []
            for row in 0..<sparse.rows { for column in 0..<sparse.columns { dense.append(sparse[row, column] ?? .nan) } }
            return ["kind": "sparse", "shape": [sparse.rows, sparse.columns], "values": dense]
        case .quantity(let quantity):
            return ["kind": "quantity", "shape": quantity.shape, "values": quantity.magnitudes, "unit": quantity.unit.symbol]
        case .pickled(let pickled):
            return ["kind": "pickled", "bytes": pickled.byteCount, "protocol": pickled.pickleProtocol ?? -1]
        case .table(let table):
            var data: [String: Any] = [:]
            for name in table.columnNames {
                switch table[column: name] {
                case .bool(let v)?: data[name] = v
                case .int(let v)?: data[name] = v
                case .double(let v)?: data[name] = v
                case .string(let v)?: data[name] = v
                case nil: data[name] = []
                }
            }
            return ["kind": "table", "columns": table.columnNames, "data": data]
        case .dictionary(let entries):
            return ["kind": "dict", "entries": entries.mapValues { canonical($0) }]
        case .custom:
            return ["kind": "unexpected \(value.typeDescription)"]
        }
    }
}

extension PypetTypesTests {
    /// Damages single items of a pypet file with h5py: each becomes one failure naming the item and its
    /// cause in plain words, and everything else of its result still loads.
    @Test("one broken item is one failure with its cause; the rest of its result loads")
    func brokenItemsFailAlone() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("broken.hdf5")
        try Python.runFile(Self.script, arguments: ["write", path])
        try Python.run(
            """
            import sys, h5py, numpy as np
            with h5py.File(sys.argv[1], "a") as f:
                r = f["types/results"]
                # Not hexadecimal where a sparse matrix's archive belongs.
                attrs = dict(r["sparse/csr__spsp__"].attrs)
                del r["sparse/csr__spsp__"]
                r["sparse"].create_dataset("csr__spsp__", data=np.bytes_(b"zz not hex"))
                for k, v in attrs.items(): r["sparse/csr__spsp__"].attrs[k] = v
                def replace(name, data):
                    attrs = dict(r[name].attrs)
                    del r[name]
                    r.create_dataset(name, data=np.bytes_(data))
                    for k, v in attrs.items(): r[name].attrs[k] = v
                # A truncated archive.
                text = r["sparse/csc__spsp__"][()]
                replace("sparse/csc__spsp__", text[: len(text) // 4 * 2])
                # A damaged compressed member: one byte of the first member's deflate data flipped.
                import io, zipfile
                raw = bytearray(bytes.fromhex(r["sparse/dia__spsp__"][()].decode()))
                info = zipfile.ZipFile(io.BytesIO(bytes(raw))).infolist()[0]
                start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
                raw[start + info.compress_size // 2] ^= 0x55
                replace("sparse/dia__spsp__", bytes(raw).hex().encode())
                # A DataFrame that lost one of its blocks.
                del r["mixed/frame/block1_values"]
                # A dtype swift-pypet cannot represent (a compound of two integers).
                attrs = dict(r["mixed/f64"].attrs)
                del r["mixed/f64"]
                r["mixed"].create_dataset("f64", data=np.zeros(2, dtype=[("p", "<i4"), ("q", "<i2")]))
                for k, v in attrs.items(): r["mixed/f64"].attrs[k] = v
                # uint64 cells beyond Int.max in a dictionary and a table.
                rows = r["tables/d"][()]
                rows["u"][0] = np.uint64(2**64 - 2)
                r["tables/d"][...] = rows
                attrs = dict(r["tables/t"].attrs)
                del r["tables/t"]
                r.create_dataset("tables/t", data=np.array([(2**64 - 2, 0.5), (2, 1.5)], dtype=[("u", "<u8"), ("v", "<f8")]))
                for k, v in attrs.items(): r["tables/t"].attrs[k] = v
                # An annotation swift-pypet cannot read (a uint64) on a group and on a leaf.
                f["types/results/sparse"].attrs["SRVC_AN_big"] = np.uint64(2**64 - 1)
                f["types/results"].attrs["SRVC_AN_big"] = np.uint64(2**64 - 1)
                # A uint64 parameter (a table cell) beyond Int.max.
                cell = f["types/parameters/ints/scalar_uint64/data"]
                row = cell[()]
                row["data"][0] = np.uint64(2**64 - 1)
                cell[...] = row
                # An ArrayParameter whose second explored array is gone.
                del f["types/parameters/a/explored__rr__/set_00000/xa_00000001"]
            """, arguments: [path])
        // pandas columns of Python objects (strings, which pandas pickles) and frames in pandas' "table" format.
        try Python.run(
            """
            import sys, warnings, h5py, pandas as pd
            warnings.filterwarnings("ignore")
            pd.DataFrame({"s": ["a", "b"], "n": [1, 2]}).to_hdf(sys.argv[1], key="types/results/mixed/strings", format="fixed")
            pd.DataFrame({"n": [1, 2]}).to_hdf(sys.argv[1], key="types/results/mixed/tabled", format="table")
            with h5py.File(sys.argv[1], "a") as f:
                f["types/results/mixed/strings"].attrs["SRVC_STORE"] = b"FRAME"
                f["types/results/mixed/tabled"].attrs["SRVC_STORE"] = b"FRAME"
            """, arguments: [path])
        let loaded = try TrajectoryStorage(path: path).load()
        let traj = loaded.trajectory
        // The annotations that cannot be read fail alone; their nodes load.
        let annotations = loaded.failures.filter { $0.message.hasPrefix("the annotation 'big'") }.compactMap(\.item)
        #expect(annotations.sorted() == ["results", "results.sparse"], "\(loaded.failures)")
        let failures = Dictionary(
            loaded.failures.filter { !$0.message.hasPrefix("the annotation") }.map { ($0.item ?? "", $0) }, uniquingKeysWith: { first, _ in first })
        #expect(
            Set(failures.keys)
                == ["results.ints.uint64.array", "results.sparse.csr", "results.sparse.csc", "results.sparse.dia", "results.mixed.frame",
                    "results.mixed.f64", "parameters.a", "parameters.ints.scalar_uint64", "results.mixed.strings", "results.mixed.tabled",
                    "results.tables.d", "results.tables.t", "parameters.plain.u64array"],
            "\(loaded.failures)")
        #expect(failures["results.sparse.csr"]?.message.contains("not hexadecimal") == true, "\(loaded.failures)")
        #expect(failures["results.sparse.csc"]?.message.contains("zip") == true, "\(loaded.failures)")
        #expect(failures["results.sparse.dia"]?.message.contains("damaged") == true
            || failures["results.sparse.dia"]?.message.contains("checksum") == true, "\(loaded.failures)")
        #expect(failures["results.mixed.f64"]?.code == .unsupported, "\(loaded.failures)")
        #expect(failures["parameters.a"]?.message.contains("xa_00000001") == true, "\(loaded.failures)")
        #expect(failures["parameters.ints.scalar_uint64"]?.message.contains("18446744073709551615") == true, "\(loaded.failures)")
        #expect(failures["results.tables.d"]?.message.contains("18446744073709551614") == true, "\(loaded.failures)")
        #expect(failures["results.tables.t"]?.message.contains("18446744073709551614") == true, "\(loaded.failures)")
        #expect(failures["results.mixed.strings"]?.message.contains("Python objects") == true, "\(loaded.failures)")
        #expect(failures["results.mixed.tabled"]?.message.contains("table") == true, "\(loaded.failures)")
        for failure in loaded.failures {
            // Plain words: no Swift type names or dumps.
            for dump in ["StorageError", "HDF5Error", "HDF5Datatype", "Optional(", "compound([", "PypetValue"] {
                #expect(!failure.message.contains(dump), "\(failure.message)")
            }
        }
        // Everything else of the damaged results loads.
        #expect(try traj.result("results.sparse").itemNames.sorted() == ["bsr", "ints", "other"])
        let mixed = try traj.result("results.mixed").itemNames
        #expect(!mixed.contains("frame") && !mixed.contains("f64") && mixed.contains("indexed") && mixed.contains("f32arr"))
        #expect(mixed.count == 13, "\(mixed)")
        #expect(try traj.result("results.mixed").item("f32") == .float(1.5))
        #expect(try traj.parameter("parameters.x").range == [1.0, 1.0, 2.0, 2.0])
    }
}

extension PypetTypesTests {
    /// Pickles are only described (swift-pypet cannot re-create their bytes): storing one is a typed error
    /// naming the item, never a crash.
    @Test("storing a pickled value is a typed error naming the item")
    func unwritableValuesAreTypedErrors() throws {
        let directory = try TemporaryDirectory()
        let pickled = PypetValue.pickled(PickledValue(byteCount: 24, pickleProtocol: 2))
        let sparse = PypetValue.sparse(try SparseMatrix(dense: [0, 1, 2, 0], rows: 2, columns: 2))
        let cases: [(String, (Trajectory) throws -> Void, String)] = [
            ("results.r.obj", { try $0.addResult("r", items: ["obj": pickled, "n": 1]) }, "pickled, 24 bytes, protocol 2"),
            ("parameters.p", { try $0.addParameter("p", pickled) }, "Pickled"),
        ]
        for (index, (item, add, words)) in cases.enumerated() {
            let traj = try Trajectory(name: "unwritable")
            try traj.addParameter("x", 1.0)
            try add(traj)
            let error = try #require(throws: StorageError.self) { try TrajectoryStorage(path: directory.file("u\(index).hdf5")).store(traj) }
            #expect(error.code == .unsupported, "\(error)")
            #expect(error.item == item, "\(error)")
            #expect(error.message.contains(words), "\(error.message)")
        }
        // Both load from pypet's files and are listed as what they are.
        #expect(pickled.typeDescription == "Pickled" && "\(PickledValue(byteCount: 1, pickleProtocol: nil))" == "pickled, 1 byte, protocol unknown")
        #expect(pickled.isParameterValue && sparse.isParameterValue)
    }
}

extension PypetTypesTests {
    /// Sparse parameters are stored in pypet's `SparseParameter` layout: pypet 0.6.1 loads the default and
    /// the explored matrices (also those an expansion appends), and so does swift-pypet.
    @Test("sparse parameters stored by swift-pypet load in pypet 0.6.1 and back, also after an expansion")
    func sparseParametersRoundTrip() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("sparse.hdf5")
        let a = try SparseMatrix(dense: [0, 1.5, 0, -2, 0, 0], rows: 2, columns: 3)
        let b = try SparseMatrix(dense: [0, 0, 0, 0, 0, 7], rows: 2, columns: 3)
        let c = try SparseMatrix(dense: [1, 1, 1, 1, 1, 1], rows: 2, columns: 3)
        let traj = try Trajectory(name: "sparse")
        try traj.addParameter("m", .sparse(a), comment: "weights")
        try traj.addParameter("n", .sparse(b))
        try traj.addParameter("x", 1)
        try traj.explore(["m": [.sparse(a), .sparse(b), .sparse(a)], "x": [1, 2, 3]])
        let storage = TrajectoryStorage(path: path)
        try storage.store(traj)
        try traj.expand(["m": [.sparse(c), .sparse(b)], "x": [4, 5]])
        try storage.store(traj)

        let loaded = try storage.load()
        #expect(loaded.failures.isEmpty, "\(loaded.failures)")
        #expect(try loaded.trajectory.parameter("m").defaultValue == .sparse(a))
        #expect(try loaded.trajectory.parameter("m").range == [.sparse(a), .sparse(b), .sparse(a), .sparse(c), .sparse(b)])
        #expect(try loaded.trajectory.parameter("m").comment == "weights")
        #expect(try loaded.trajectory.parameter("n").defaultValue == .sparse(b))

        let output = try Python.run(
            """
            import sys, json, warnings, logging
            warnings.filterwarnings("ignore"); logging.disable(logging.CRITICAL)
            from pypet import Trajectory
            traj = Trajectory(filename=sys.argv[1])
            traj.f_load(name="sparse", load_parameters=2, load_results=0, force=True)
            m, n = traj.f_get("parameters.m"), traj.f_get("parameters.n")
            print(json.dumps({
                "class": type(m).__name__, "format": m.f_get().format,
                "default": m.f_get().toarray().tolist(), "n": n.f_get().toarray().tolist(),
                "range": [v.toarray().tolist() for v in m.f_get_range()],
            }))
            """, arguments: [path])
        let pypet = try #require(try JSONSerialization.jsonObject(with: Data(output.standardOutput.utf8)) as? [String: Any])
        #expect(pypet["class"] as? String == "SparseParameter")
        #expect(pypet["format"] as? String == "csr")
        func dense(_ matrix: SparseMatrix) -> [[Double]] {
            (0..<matrix.rows).map { row in (0..<matrix.columns).map { matrix[row, $0] ?? .nan } }
        }
        #expect(pypet["default"] as? [[Double]] == dense(a))
        #expect(pypet["n"] as? [[Double]] == dense(b))
        #expect(pypet["range"] as? [[[Double]]] == [a, b, a, c, b].map(dense))
    }
}

extension PypetTypesTests {
    /// Explored arrays of different shapes and lists of different lengths (which a table column of one
    /// shape cannot hold) are stored in pypet's `ArrayParameter` layout, which pypet 0.6.1 and swift-pypet load.
    @Test("arrays of different shapes and lists of different lengths are stored as pypet's ArrayParameter, also after an expansion")
    func arrayParametersRoundTrip() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("arrays.hdf5")
        let traj = try Trajectory(name: "arrays")
        try traj.addParameter("arr", .array(NDArray([1, 2])), comment: "shapes vary")
        try traj.addParameter("lst", .list([1, 2]))
        try traj.addParameter("same", .array(NDArray([0.5, 1.5])))
        try traj.explore([
            "arr": [.array(NDArray([1, 2])), .array(NDArray([3, 4, 5])), .array(NDArray([1, 2]))],
            "lst": [.list([1]), .list([1, 2, 3]), .list([1])],
        ])
        let storage = TrajectoryStorage(path: path)
        try storage.store(traj)
        try traj.expand(["arr": [.array(NDArray([7])), .array(NDArray([3, 4, 5]))], "lst": [.list([9, 9]), .list([1])]])
        try storage.store(traj)

        let loaded = try storage.load()
        #expect(loaded.failures.isEmpty, "\(loaded.failures)")
        let arr = try loaded.trajectory.parameter("arr")
        #expect(arr.defaultValue == .array(NDArray([1, 2])) && arr.comment == "shapes vary")
        #expect(arr.range == [.array(NDArray([1, 2])), .array(NDArray([3, 4, 5])), .array(NDArray([1, 2])), .array(NDArray([7])),
                              .array(NDArray([3, 4, 5]))])
        #expect(try loaded.trajectory.parameter("lst").range == [.list([1]), .list([1, 2, 3]), .list([1]), .list([9, 9]), .list([1])])
        #expect(try loaded.trajectory.parameter("same").defaultValue == .array(NDArray([0.5, 1.5])))

        let output = try Python.run(
            """
            import sys, json, warnings, logging
            warnings.filterwarnings("ignore"); logging.disable(logging.CRITICAL)
            import numpy as np
            from pypet import Trajectory
            traj = Trajectory(filename=sys.argv[1])
            traj.f_load(name="arrays", load_parameters=2, load_results=0, force=True)
            arr, lst = traj.f_get("parameters.arr"), traj.f_get("parameters.lst")
            print(json.dumps({
                "class": type(arr).__name__, "default": np.asarray(arr.f_get()).tolist(),
                "range": [np.asarray(v).tolist() for v in arr.f_get_range()],
                "lists": [list(v) for v in lst.f_get_range()],
            }))
            """, arguments: [path])
        let pypet = try #require(try JSONSerialization.jsonObject(with: Data(output.standardOutput.utf8)) as? [String: Any])
        #expect(pypet["class"] as? String == "ArrayParameter")
        #expect(pypet["default"] as? [Int] == [1, 2])
        #expect(pypet["range"] as? [[Int]] == [[1, 2], [3, 4, 5], [1, 2], [7], [3, 4, 5]])
        #expect(pypet["lists"] as? [[Int]] == [[1], [1, 2, 3], [1], [9, 9], [1]])
    }
}
