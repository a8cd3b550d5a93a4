import Foundation
import HDF5
import PypetCore
@testable import PypetStorage
import PypetTestSupport
import Testing

@Suite("Results index rows: the merge's columns of index entries")
struct ResultsIndexRowsTests {
    /// A completed run's record with results of every value kind the index knows, in a `run_set_` bucket
    /// when `bucketed`.
    static func record(_ index: Int, bucketed: Bool = false, scale: Double = 1) -> RunRecord {
        let group = bucketed ? "results.\(NodeName.runSet(index)).\(NodeName.run(index))" : "results.runs.\(NodeName.run(index))"
        return RunRecord(
            index: index, status: .completed, started: 1, finished: 2,
            leaves: [
                .init(fullName: group + ".loss", kind: .result, comment: "the loss", items: [.init("loss", .double(Double(index) * scale))]),
                .init(fullName: group + ".fit", kind: .result, items: [
                    .init("steps", .int(index)), .init("ok", .bool(index % 2 == 0)), .init("rate", .float(Float(index) / 4)),
                    .init("label", .string("run ü\(index)")), .init("note", .string(String(repeating: "n", count: 100))),
                    .init("curve", [1.5, 2.5]), .init("table", ["k": .int(index)]),
                ]),
                .init(fullName: "derived_parameters.runs.\(NodeName.run(index)).d", kind: .derivedParameter, items: [.init("d", .int(1))]),
            ],
            value: .double(Double(index)))
    }

    /// The record's results as an index entry (what the rows must give back).
    static func entry(_ record: RunRecord) -> RunRecord {
        RunRecord(index: record.index, status: .completed, started: 0, finished: 0, leaves: record.leaves.filter { $0.kind == .result })
    }

    @Test("every value kind, both buckets and run numbers past eight digits come back exactly as entries")
    func roundTrip() {
        var rows = ResultsIndexRows()
        let records = [Self.record(3), Self.record(1234, bucketed: true), Self.record(123_456_789, bucketed: true), Self.record(7)]
        for record in records { #expect(rows.append(record) == true) }
        #expect(rows.groupCount == 4)
        #expect(rows.rowCount == 4 * 8)
        let entries = rows.entries()
        for record in records { #expect(entries[record.index] == Self.entry(record)) }
        #expect(rows.fullName(2, resultName: "y") == "results.run_set_123456.run_123456789.y")
        #expect(rows.prefixLength(2) == "results.run_set_123456.run_123456789.".utf8.count)
        #expect(rows.prefixLength(0) == "results.runs.run_00000003.".utf8.count)
    }

    @Test("records the index cannot hold add nothing; rows too wide for the table are kept but not held")
    func refusals() {
        var rows = ResultsIndexRows()
        var failed = Self.record(1)
        failed.status = .failed("no")
        #expect(rows.append(failed) == nil)
        var elsewhere = Self.record(2)
        elsewhere.leaves[0].fullName = "results.runs.\(NodeName.run(5)).loss"  // another run's group
        #expect(rows.append(elsewhere) == nil)
        var nested = Self.record(2)
        nested.leaves[0].fullName = "results.runs.\(NodeName.run(2)).deep.loss"
        #expect(rows.append(nested) == nil)
        #expect(rows.append(RunRecord.trajectoryLeaves(Self.record(2).leaves, at: 0)) == nil)
        var big = Self.record(2)
        big.leaves[1].items.append(.init("trace", .array(NDArray((0..<1000).map(Double.init)))))
        #expect(rows.append(big) == nil)
        #expect(rows.isEmpty)
        var wide = Self.record(4)
        wide.leaves[0].comment = String(repeating: "c", count: ResultsIndexTable.maximumTextLength + 1)
        #expect(rows.append(wide) == false)
        #expect(rows.groupHeld == [false])
    }

    @Test("finalized keeps the last group of each run, in run order; appending remaps names and filters runs")
    func finalizedAndAppended() {
        var first = ResultsIndexRows()
        first.append(Self.record(5))
        first.append(Self.record(2))
        var second = ResultsIndexRows()
        // A different pool: names interned in another order.
        var renamed = Self.record(9)
        renamed.leaves[0].comment = "another comment"
        second.append(renamed)
        second.append(Self.record(5, scale: 10))  // a later record of run 5 replaces the first
        second.append(Self.record(40))
        first.append(contentsOf: second) { $0 < 20 }
        let finalized = first.finalized()
        #expect(finalized.groupRuns == [2, 5, 9])
        let entries = finalized.entries()
        #expect(entries[5] == Self.entry(Self.record(5, scale: 10)))
        #expect(entries[9] == Self.entry(renamed))
        #expect(entries[2] == Self.entry(Self.record(2)))
        #expect(entries[40] == nil)
        // Already in run order with no repeats: unchanged.
        #expect(finalized.finalized().entries() == entries)
    }

    @Test("the table holds the held groups and reads back to the same rows; a damaged row is a typed error")
    func table() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("rows.hdf5")
        let file = try HDF5File.create(path)
        let overview = try file.root.createGroup("overview")
        var rows = ResultsIndexRows()
        rows.append(Self.record(1))
        var wide = Self.record(2)
        wide.leaves[1].items[0].name = String(repeating: "i", count: ResultsIndexTable.maximumTextLength + 1)
        #expect(rows.append(wide) == false)
        rows.append(Self.record(1500, bucketed: true))
        try ResultsIndexTable.write(rows, into: overview, name: "index")
        let table = try overview.openTable("index")
        #expect(try table.rowCount == 16)
        let read = try ResultsIndexRows(table: table)
        #expect(read.groupRuns == [1, 1500])
        #expect(read.entries() == [1: Self.entry(Self.record(1)), 1500: Self.entry(Self.record(1500, bucketed: true))])
        #expect(try ResultsIndexTable.read(table) == read.entries())

        try overview.createTable("damaged", columns: [
            HDF5Column("idx", .int64), HDF5Column("result", .string(length: 40)), HDF5Column("comment", .string(length: 4)),
            HDF5Column("item", .string(length: 4)), HDF5Column("type", .string(length: 6)), HDF5Column("int", .int64),
            HDF5Column("double", .float64), HDF5Column("string", .string(length: 4)), HDF5Column("json", .string(length: 4)),
        ], options: .extendible(chunkRows: 4)).append(columns: [
            "idx": .int([3]), "result": .string(["results.runs.run_00000004.y"]), "comment": .string([""]), "item": .string(["y"]),
            "type": .string(["double"]), "int": .int([0]), "double": .double([1]), "string": .string([""]), "json": .string([""]),
        ])
        #expect(throws: StorageError.self) { try ResultsIndexRows(table: overview.openTable("damaged")) }
        try file.close()
    }
}
