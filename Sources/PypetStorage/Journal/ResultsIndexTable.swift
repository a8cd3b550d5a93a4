import Foundation
import HDF5
import PypetCore

/// The results index of a finished file as a table (`overview/results_index`, docs/FILE-LAYOUT.md): one row
/// per item of each indexed run's results, in run order, `pd.DataFrame(f[...][()])` readable.
///
/// | column | content |
/// |---|---|
/// | `idx` (`i8`) | the run |
/// | `result` (`S<n>`) | the result's full name (`results.runs.run_00000007.fit`) |
/// | `comment` (`S<n>`) | its comment |
/// | `item` (`S<n>`) | the item's name (`slope`) |
/// | `type` (`S<n>`) | `int`, `double`, `float`, `bool`, `string` or `json` |
/// | `int` (`i8`), `double` (`f8`), `string` (`S<n>`) | the value, in the column of its type (`bool` as 0/1 in `int`, `float` in `double`) |
/// | `json` (`S<n>`) | anything else (arrays, dictionaries, long strings) as JSON with natural keys |
///
/// Each column holds what it says; reading gives back the exact values.
enum ResultsIndexTable {
    /// Strings up to this many bytes go to the `string` column; longer ones to `json`.
    static let maximumStringLength = 64
    /// The widest `json` cell and the longest result name or comment a row may have. Every row of a table
    /// is as wide as its widest cell, so a run with a bigger item is left out of the index (the loader
    /// reads it from its group) rather than widening a million rows.
    static let maximumJSONLength = 512
    static let maximumTextLength = 256

    /// Writes the held groups of `rows` (``ResultsIndexRows/finalized()``: one per run, in run order) as
    /// the table `name` of `overview`: the column widths first, then the rows a chunk at a time, so that
    /// memory holds one chunk's columns whatever the number of runs.
    static func write(_ rows: ResultsIndexRows, into overview: HDF5Group, name: String) throws {
        var count = 0
        var resultWidth = 1, commentWidth = 1, itemWidth = 1, stringWidth = 1, jsonWidth = 1
        for group in 0..<rows.groupCount where rows.groupHeld[group] {
            let prefixLength = rows.prefixLength(group)
            for row in rows.rowRange(group) {
                count += 1
                let ids = rows.ids(row)
                resultWidth = max(resultWidth, prefixLength + rows.name(ids.result).utf8.count)
                commentWidth = max(commentWidth, rows.name(ids.comment).utf8.count)
                itemWidth = max(itemWidth, rows.name(ids.item).utf8.count)
                switch rows.kind(row) {
                case .string: if case .string(let v) = rows.value(row) { stringWidth = max(stringWidth, v.utf8.count) }
                case .json: jsonWidth = max(jsonWidth, RunValueColumns.jsonText(rows.value(row)).utf8.count)
                default: break
                }
            }
        }
        guard count > 0 else { return }
        let typeNames = (0...5).map { ResultsIndexRows.Kind(rawValue: UInt8($0))?.name ?? "" }
        let columns = [
            HDF5Column("idx", .int64), HDF5Column("result", .string(length: resultWidth)),
            HDF5Column("comment", .string(length: commentWidth)), HDF5Column("item", .string(length: itemWidth)),
            HDF5Column("type", .string(length: typeNames.map(\.utf8.count).max() ?? 6)), HDF5Column("int", .int64),
            HDF5Column("double", .float64), HDF5Column("string", .string(length: stringWidth)), HDF5Column("json", .string(length: jsonWidth)),
        ]
        let chunkRows = min(16384, count)
        // Names and comments repeat from run to run: deflate keeps the file small.
        let table = try overview.createTable(name, columns: columns, options: .extendible(chunkRows: chunkRows, deflate: 4))
        var indices: [Int64] = [], results: [String] = [], comments: [String] = [], items: [String] = [], types: [String] = []
        var ints: [Int64] = [], doubles: [Double] = [], strings: [String] = [], json: [String] = []
        func flush() throws {
            guard !indices.isEmpty else { return }
            try table.append(columns: [
                "idx": .int(indices), "result": .string(results), "comment": .string(comments), "item": .string(items),
                "type": .string(types), "int": .int(ints), "double": .double(doubles), "string": .string(strings), "json": .string(json),
            ])
            indices.removeAll(keepingCapacity: true)
            results.removeAll(keepingCapacity: true)
            comments.removeAll(keepingCapacity: true)
            items.removeAll(keepingCapacity: true)
            types.removeAll(keepingCapacity: true)
            ints.removeAll(keepingCapacity: true)
            doubles.removeAll(keepingCapacity: true)
            strings.removeAll(keepingCapacity: true)
            json.removeAll(keepingCapacity: true)
        }
        for group in 0..<rows.groupCount where rows.groupHeld[group] {
            let run = Int64(rows.groupRuns[group])
            var lastResult: (id: Int32, name: String)? = nil
            for row in rows.rowRange(group) {
                let ids = rows.ids(row)
                if lastResult?.id != ids.result { lastResult = (ids.result, rows.fullName(group, resultName: rows.name(ids.result))) }
                indices.append(run)
                results.append(lastResult?.name ?? "")
                comments.append(rows.name(ids.comment))
                items.append(rows.name(ids.item))
                let kind = rows.kind(row)
                types.append(typeNames[Int(kind.rawValue)])
                var int: Int64 = 0, double = Double.nan, string = "", text = ""
                switch kind {
                case .int, .bool: int = Int64(bitPattern: rows.payload(row))
                case .double, .float: double = Double(bitPattern: rows.payload(row))
                case .string: if case .string(let v) = rows.value(row) { string = v }
                case .json: text = RunValueColumns.jsonText(rows.value(row))
                }
                ints.append(int)
                doubles.append(double)
                strings.append(string)
                json.append(text)
                if indices.count == chunkRows { try flush() }
            }
        }
        try flush()
    }

    /// The entry of run `index` in `table` (rows in run order), found by bisection on `idx`: a few chunks
    /// read, whatever the table's length; nil when the run has no rows.
    static func read(_ table: HDF5Table, run index: Int) throws -> RunRecord? {
        let count = try table.rowCount
        func runAt(_ row: Int) throws -> Int64 {
            guard case .int(let values)? = try table.readColumns(["idx"], range: row..<(row + 1))["idx"], let value = values.first else {
                throw StorageError(code: .invalidFile, message: "the results index table lacks its idx column", item: "overview/results_index")
            }
            return value
        }
        var low = 0, high = count
        while low < high {
            let middle = (low + high) / 2
            if try runAt(middle) < Int64(index) { low = middle + 1 } else { high = middle }
        }
        var end = low
        let step = 64
        while end < count {
            let upper = min(count, end + step)
            guard case .int(let values)? = try table.readColumns(["idx"], range: end..<upper)["idx"] else { break }
            if let first = values.firstIndex(where: { $0 != Int64(index) }) {
                end += first
                break
            }
            end = upper
        }
        guard end > low else { return nil }
        return try read(table, range: low..<end)[index]
    }

    /// The entries of `table` (or of the rows in `range`) by run index. Throws for a row whose value cannot be read.
    static func read(_ table: HDF5Table, range: Range<Int>? = nil) throws -> [Int: RunRecord] {
        let read = try table.readColumns(["idx", "result", "comment", "item", "type", "int", "double", "string", "json"], range: range)
        guard case .int(let indices)? = read["idx"], case .string(let results)? = read["result"], case .string(let comments)? = read["comment"],
              case .string(let items)? = read["item"], case .string(let types)? = read["type"], case .int(let ints)? = read["int"],
              case .double(let doubles)? = read["double"], case .string(let strings)? = read["string"], case .string(let json)? = read["json"]
        else { throw StorageError(code: .invalidFile, message: "the results index table lacks columns", item: "overview/results_index") }
        var entries: [Int: RunRecord] = [:]
        for row in indices.indices {
            let value: PypetValue
            switch types[row] {
            case "int": value = .int(Int(ints[row]))
            case "bool": value = .bool(ints[row] != 0)
            case "double": value = .double(doubles[row])
            case "float": value = .float(Float(doubles[row]))
            case "string": value = .string(strings[row])
            default:
                guard let decoded = RunValueColumns.jsonValue(json[row]) else {
                    throw StorageError(code: .invalidFile, message: "row \(row) of the results index has an unreadable value", item: "overview/results_index")
                }
                value = decoded
            }
            let index = Int(indices[row])
            var record = entries[index] ?? RunRecord(index: index, status: .completed, started: 0, finished: 0)
            if record.leaves.last?.fullName == results[row] {
                record.leaves[record.leaves.count - 1].items.append(RunRecord.Item(items[row], value))
            } else {
                record.leaves.append(RunRecord.Leaf(fullName: results[row], kind: .result, comment: comments[row], items: [RunRecord.Item(items[row], value)]))
            }
            entries[index] = record
        }
        return entries
    }
}
