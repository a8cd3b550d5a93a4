import ComplexModule
import Foundation
import HDF5
import PypetTestSupport
import Testing

/// Cross-checks with Python's own tools (h5py, PyTables) from the project's `.venv`.
@Suite("Interop with h5py and PyTables")
struct InteropTests {
    typealias JSON = [String: Any]

    @Test("h5py reads our file: same values, dtypes, attributes, filters and links")
    func h5pyReadsOurs() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("ours.h5")
        do {
            let file = try HDF5File.create(path)
            let group = try file.root.createGroup("results/runs/run_00000000")
            try group.setAttribute("SRVC_INIT_CLASS_NAME", .string("Result"))
            try group.setAttribute("SRVC_LEAF", .bool(true))
            try group.setAttribute("comment", .string("Grüße 🚀"))
            try group.setAttribute("empty", .string(""))
            try group.setAttribute("count", .int(1 << 40))
            try group.setAttribute("ratio", .double(0.1))
            try group.setAttribute("vector", .doubleArray([1.5, 2.5]))
            let data = try group.createDataset(
                "matrix", values: (0..<12).map(Double.init), shape: [3, 4],
                options: .init(chunkShape: [2, 4], deflate: 4, shuffle: true))
            try data.setAttribute("unit", .string("mV"))
            try group.createDataset("big", values: [Int64.max, Int64.min])
            try group.createDataset("small", values: [Int32(7)])
            try group.createDataset("bytes", values: [UInt8(1), 200])
            try group.createDataset("single", values: [Float(0.5)])
            try group.createDataset("flags", values: [true, false])
            try group.createDataset("z", values: [Complex(1.0, -2.0)])
            try group.createDataset("scalar", values: [3.25], shape: [])
            try group.createStringDataset("names", values: ["α", "beta"])
            let series = try group.createDataset("series", of: Double.self, shape: [0], options: .extendible(chunkRows: 8))
            try series.append([1, 2, 3].map(Double.init))
            try file.root.createSoftLink("latest", to: "/results/runs/run_00000000")
            let table = try file.root.createTable("overview/runs", columns: [
                HDF5Column("idx", .int64), HDF5Column("name", .string(length: 12)), HDF5Column("done", .bool),
                HDF5Column("t", .float64),
            ])
            try table.append([
                ["idx": .int(0), "name": .string("run_0"), "done": .bool(true), "t": .double(0.5)],
                ["idx": .int(1), "name": .string("run_1é"), "done": .bool(false), "t": .double(1.5)],
            ])
            try file.close()
        }
        let dump = try #require(try Python.jsonFromFile("Tests/HDF5Tests/Python/dump_h5py.py", arguments: [path]) as? JSON)
        let run = try #require(dump["/results/runs/run_00000000"] as? JSON)
        let attrs = try #require(run["attrs"] as? [String: JSON])
        #expect(attrs["SRVC_INIT_CLASS_NAME"]?["value"] as? String == "Result")
        #expect(attrs["SRVC_INIT_CLASS_NAME"]?["dtype"] as? String == "|S6")
        #expect(attrs["SRVC_LEAF"]?["value"] as? Int == 1)
        #expect(attrs["comment"]?["value"] as? String == "Grüße 🚀")
        #expect(attrs["empty"]?["value"] as? String == "")
        #expect(attrs["count"]?["value"] as? Int == 1 << 40)
        #expect(attrs["count"]?["dtype"] as? String == "int64")
        #expect(attrs["ratio"]?["value"] as? Double == 0.1)
        #expect(attrs["vector"]?["value"] as? [Double] == [1.5, 2.5])

        func dataset(_ name: String) throws -> JSON {
            try #require(dump["/results/runs/run_00000000/\(name)"] as? JSON)
        }
        let matrix = try dataset("matrix")
        #expect(matrix["dtype"] as? String == "float64")
        #expect(matrix["shape"] as? [Int] == [3, 4])
        #expect(matrix["values"] as? [[Double]] == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]])
        #expect(matrix["chunks"] as? [Int] == [2, 4])
        #expect(matrix["compression"] as? String == "gzip")
        #expect(matrix["compression_opts"] as? Int == 4)
        #expect(matrix["shuffle"] as? Bool == true)
        #expect((matrix["attrs"] as? [String: JSON])?["unit"]?["value"] as? String == "mV")
        #expect(try dataset("big")["dtype"] as? String == "int64")
        #expect(try dataset("big")["values"] as? [Int] == [Int.max, Int.min])
        #expect(try dataset("small")["dtype"] as? String == "int32")
        #expect(try dataset("bytes")["dtype"] as? String == "uint8")
        #expect(try dataset("single")["dtype"] as? String == "float32")
        // h5py has no bitfield type of its own and shows B8 as uint8; PyTables (and pypet) see bool.
        #expect(try dataset("flags")["values"] as? [Int] == [1, 0])
        #expect(try dataset("z")["dtype"] as? String == "complex128")
        #expect(try dataset("z")["values"] as? [[Double]] == [[1, -2]])
        #expect(try dataset("scalar")["shape"] as? [Int] == [])
        #expect(try dataset("scalar")["values"] as? Double == 3.25)
        #expect(try dataset("names")["values"] as? [String] == ["α", "beta"])
        #expect(try dataset("series")["maxshape"] as? [Int] == [-1])
        #expect(try dataset("series")["values"] as? [Double] == [1, 2, 3])
        #expect((dump["/latest"] as? JSON)?["target"] as? String == "/results/runs/run_00000000")
        let table = try #require(dump["/overview/runs"] as? JSON)
        #expect(table["dtype"] as? String == "[('idx', '<i8'), ('name', 'S12'), ('done', 'u1'), ('t', '<f8')]")
        let rows = try #require(table["values"] as? [JSON])
        #expect(rows.count == 2)
        #expect(rows[1]["name"] as? String == "run_1é")
        #expect(rows[0]["t"] as? Double == 0.5)
    }

    @Test("PyTables reads our bitfield booleans as bool and our table as a Table")
    func pytablesReadsOurs() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("ours.h5")
        do {
            let file = try HDF5File.create(path)
            try file.root.createDataset("flags", values: [true, false, true])
            try file.root.setAttribute("title", .string("Grüße"))
            let table = try file.root.createTable("runs", columns: [HDF5Column("idx", .int64), HDF5Column("completed", .bool)])
            try table.append([["idx": .int(3), "completed": .bool(true)]])
            try file.close()
        }
        let script = """
            import json, sys, tables
            with tables.open_file(sys.argv[1]) as f:
                print(json.dumps({
                    "flags": [bool(v) for v in f.root.flags[:]],
                    "flagsType": str(f.root.flags.dtype),
                    "title": f.root._v_attrs.title,
                    "isTable": isinstance(f.root.runs, tables.Table),
                    "rows": [[int(r["idx"]), str(bool(r["completed"]))] for r in f.root.runs.read()],
                }))
            """
        let result = try #require(try Python.json(script, arguments: [path]) as? JSON)
        #expect(result["flags"] as? [Bool] == [true, false, true])
        #expect(result["flagsType"] as? String == "bool")
        #expect(result["title"] as? String == "Grüße")
        #expect(result["isTable"] as? Bool == true)
        #expect(result["rows"] as? [[AnyHashable]] == [[3, "True"]])
    }

    @Test("we read a file h5py wrote: enum booleans, variable-length and ASCII strings, int32, compound rows")
    func weReadH5py() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("h5py.h5")
        try Python.runFile("Tests/HDF5Tests/Python/write_h5py.py", arguments: [path])
        let file = try HDF5File.open(path)
        let group = try file.root.openGroup("data")
        #expect(try group.attribute("vlen_text") == .string("Grüße"))
        #expect(try group.attribute("fixed_ascii") == .string("ascii only"))
        #expect(try group.attribute("flag") == .bool(true))
        #expect(try group.attribute("small") == .int(-5))
        #expect(try group.attribute("medium") == .int(70000))
        #expect(try group.attribute("unsigned") == .int(4_000_000_000))
        #expect(try group.attribute("single") == .double(0.25))
        #expect(try group.attribute("ints") == .intArray([1, 2, 3]))
        #expect(try group.attribute("names") == .stringArray(["x", "yé"]))
        let bools = try group.openDataset("bools")
        #expect(try bools.datatype.isBooleanLike)
        #expect(try bools.read(as: Bool.self) == [true, false, true])
        #expect(try group.openDataset("int32").read(as: Int64.self) == [0, 1, 2, 3, 4, 5])
        #expect(try group.openDataset("int32").read(as: Int32.self) == [0, 1, 2, 3, 4, 5])
        #expect(try group.openDataset("int32").shape == [2, 3])
        #expect(try group.openDataset("float32").read(as: Double.self) == [0.5, -1.5])
        #expect(try group.openDataset("complex").read(as: Complex<Double>.self) == [Complex(1, 2), Complex(0, -3.5)])
        #expect(try group.openDataset("vlen").readStrings() == ["α", "beta"])
        #expect(try group.openDataset("fixed").readStrings() == ["ab", "cde"])
        let table = try group.openTable("table")
        let rows = try table.readRows()
        #expect(rows.count == 2)
        #expect(rows[0] == [
            "name": .string("first"), "flag": .bool(true), "count": .int(1), "code": .string("AB"),
            "ratio": .double(0.5), "big": .int(1 << 40), "vec": .doubleArray([1, 2, 3]),
        ])
        #expect(rows[1]["name"] == .string("zweiter é"))
        #expect(rows[1]["flag"] == .bool(false))
        #expect(try table.readRows(1..<2, columns: ["vec", "count"]) == [["vec": .doubleArray([4, 5, 6]), "count": .int(-2)]])
        #expect(try table.columns.map(\.type) == [
            .variableString(encoding: .utf8), .bool, .int32, .string(length: 6, encoding: .ascii), .float32, .int64,
            .array(.float64, shape: [3]),
        ])
        // A file open read-only cannot be opened for writing at the same time.
        expectHDF5Error(.alreadyOpen) { try HDF5File.open(path, mode: .readWrite) }
        try file.close()
        // Our rows can be appended to a table made by h5py, matched by field name.
        let writable = try HDF5File.open(path, mode: .readWrite)
        let appendable = try writable.root.openTable("data/table")
        try appendable.append(["name": .string("dritter"), "flag": .bool(true), "count": .int(3), "vec": .doubleArray([7, 8, 9])])
        #expect(try appendable.row(2)["name"] == .string("dritter"))
        #expect(try appendable.row(2)["flag"] == .bool(true))
    }

    @Test("we read a table PyTables wrote: B8 booleans, ASCII strings, int32 columns")
    func weReadPyTables() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("pytables.h5")
        try Python.runFile("Tests/HDF5Tests/Python/write_pytables.py", arguments: [path])
        let file = try HDF5File.open(path)
        let overview = try file.root.openGroup("overview")
        #expect(try overview.attribute("comment") == .string("Überblick"))
        #expect(try overview.attribute("count") == .int(5))
        #expect(try overview.attribute("CLASS") == .string("GROUP"))
        let table = try overview.openTable("runs")
        #expect(try table.rowCount == 5)
        #expect(try table.columns.first { $0.name == "completed" }?.type == .bool)
        #expect(try table.columns.first { $0.name == "name" }?.type == .string(length: 20, encoding: .ascii))
        let rows = try table.readRows()
        for (index, row) in rows.enumerated() {
            #expect(row["idx"] == .int(Int64(index)))
            #expect(row["name"] == .string(String(format: "run_%08d", index)))
            #expect(row["runtime"] == .double(Double(index) * 0.5))
            #expect(row["completed"] == .bool(index % 2 == 0))
            #expect(row["big"] == .int((1 << 40) + Int64(index)))
            #expect(row["weight"] == .double(0.25 * Double(index)))
            #expect(row["vec"] == .intArray([Int64(index), -Int64(index)]))
        }
        try file.close()
        // Updating a completed flag in place, as the storage layer will, keeps PyTables happy.
        let writer = try HDF5File.open(path, mode: .readWrite)
        try writer.root.openTable("overview/runs").update(row: 1, with: ["completed": .bool(true)])
        try writer.close()
        let check = try Python.run("""
            import sys, tables
            with tables.open_file(sys.argv[1]) as f:
                print([bool(v) for v in f.root.overview.runs.col("completed")])
            """, arguments: [path])
        #expect(check.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines) == "[True, True, True, False, True]")
    }
}
