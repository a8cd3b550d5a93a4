import ComplexModule
import HDF5
import PypetTestSupport
import Testing

@Suite("Tables")
struct TableTests {
    static let columns: [HDF5Column] = [
        HDF5Column("idx", .int64),
        HDF5Column("small", .int32),
        HDF5Column("byte", .uint8),
        HDF5Column("name", .string(length: 16)),
        HDF5Column("note", .variableString()),
        HDF5Column("runtime", .float64),
        HDF5Column("ratio", .float32),
        HDF5Column("completed", .bool),
        HDF5Column("z", .complex),
        HDF5Column("position", .array(.float64, shape: [2, 2])),
        HDF5Column("mask", .array(.bool, shape: [3])),
    ]

    static func row(_ index: Int) -> HDF5Row {
        [
            "idx": .int(Int64(index) << 40),
            "small": .int(-Int64(index)),
            "byte": .int(Int64(index % 256)),
            "name": .string("run_\(index) ü"),
            "note": .string(String(repeating: "n", count: index)),
            "runtime": .double(Double(index) / 3),
            "ratio": .double(0.5),
            "completed": .bool(index % 2 == 0),
            "z": .complex(Complex(Double(index), -1)),
            "position": .doubleArray([1, 2, 3, Double(index)]),
            "mask": .boolArray([true, index % 2 == 1, false]),
        ]
    }

    @Test("append, update in place and read back, through a reopened file")
    func roundTrip() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("t.h5")
        do {
            let file = try HDF5File.create(path)
            let table = try file.root.createTable("overview/runs", columns: Self.columns)
            try table.append(Self.row(0))
            try table.append((1..<5).map(Self.row))
            #expect(try table.rowCount == 5)
            try file.close()
        }
        do {
            let file = try HDF5File.open(path, mode: .readWrite)
            let table = try file.root.openTable("overview/runs")
            try table.update(row: 3, with: ["completed": .bool(true), "runtime": .double(99)])
            try file.close()
        }
        let file = try HDF5File.open(path)
        let table = try file.root.openTable("overview/runs")
        #expect(try table.columns == Self.columns)
        let rows = try table.readRows()
        #expect(rows.count == 5)
        for index in [0, 1, 2, 4] {
            #expect(rows[index] == Self.row(index))
        }
        var updated = Self.row(3)
        updated["completed"] = .bool(true)
        updated["runtime"] = .double(99)
        #expect(rows[3] == updated)
        #expect(try table.readRows(1..<3, columns: ["idx", "name"]) == [
            ["idx": .int(1 << 40), "name": .string("run_1 ü")],
            ["idx": .int(2 << 40), "name": .string("run_2 ü")],
        ])
        #expect(try table.column("small") == (0..<5).map { .int(-Int64($0)) })
        #expect(try table.row(4) == Self.row(4))
    }

    @Test("missing cells are zero; ints are accepted by float columns")
    func defaults() throws {
        let directory = try TemporaryDirectory()
        let file = try HDF5File.create(directory.file("t.h5"))
        let table = try file.root.createTable("t", columns: [HDF5Column("a", .int64), HDF5Column("b", .float64), HDF5Column("s", .string(length: 4))])
        try table.append(["b": .int(3)])
        #expect(try table.row(0) == ["a": .int(0), "b": .double(3), "s": .string("")])
    }

    @Test("bad schemas and bad rows are typed errors and write nothing")
    func errors() throws {
        let directory = try TemporaryDirectory()
        let file = try HDF5File.create(directory.file("t.h5"))
        let root = try file.root
        expectHDF5Error(.invalidArgument) { try root.createTable("a", columns: []) }
        expectHDF5Error(.invalidArgument) { try root.createTable("b", columns: [HDF5Column("x", .int64), HDF5Column("x", .bool)]) }
        expectHDF5Error(.invalidArgument) { try root.createTable("c", columns: [HDF5Column("", .int64)]) }
        expectHDF5Error(.invalidArgument) { try root.createTable("d", columns: [HDF5Column("s", .string(length: 0))]) }
        expectHDF5Error(.invalidArgument) { try root.createTable("e", columns: [HDF5Column("s", .array(.string(length: 3), shape: [2]))]) }
        expectHDF5Error(.invalidArgument) { try root.createTable("f", columns: [HDF5Column("s", .array(.int64, shape: [0]))]) }

        let table = try root.createTable("t", columns: [
            HDF5Column("small", .int32), HDF5Column("name", .string(length: 4)), HDF5Column("v", .array(.int64, shape: [2])),
        ])
        expectHDF5Error(.notFound) { try table.append(["unknown": .int(1)]) }
        expectHDF5Error(.typeMismatch) { try table.append(["small": .string("x")]) }
        expectHDF5Error(.invalidArgument) { try table.append(["small": .int(Int64(Int32.max) + 1)]) }
        expectHDF5Error(.invalidArgument) { try table.append(["name": .string("fünf")]) }
        expectHDF5Error(.shapeMismatch) { try table.append(["v": .intArray([1, 2, 3])]) }
        expectHDF5Error(.typeMismatch) { try table.append(["v": .doubleArray([1, 2])]) }
        expectHDF5Error(.shapeMismatch) { try table.update(row: 0, with: ["small": .int(1)]) }
        expectHDF5Error(.notFound) { try table.readRows(columns: ["nope"]) }
        expectHDF5Error(.shapeMismatch) { try table.row(0) }
        #expect(try table.rowCount == 0)
        try root.createDataset("plain", values: [1.0])
        expectHDF5Error(.typeMismatch) { try root.openTable("plain") }
    }
}
