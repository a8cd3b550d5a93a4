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

    private struct Row {
        var index: Int, result: String, comment: String, item: String, type: String
        var int: Int = 0, double: Double = .nan, string = "", json = ""
    }

    /// Whether every item of the entry's results gets a row (none too big, every result with an item).
    static func holds(_ entry: RunRecord) -> Bool {
        for leaf in entry.leaves where leaf.kind == .result {
            guard !leaf.items.isEmpty, leaf.fullName.utf8.count <= maximumTextLength, leaf.comment.utf8.count <= maximumTextLength else { return false }
            for item in leaf.items {
                guard item.name.utf8.count <= maximumTextLength else { return false }
                switch item.value {
                case .int, .bool, .double, .float: continue
                case .string(let v) where v.utf8.count <= maximumStringLength: continue
                default: if RunValueColumns.jsonText(item.value).utf8.count > maximumJSONLength { return false }
                }
            }
        }
        return true
    }

    /// The rows of one run's entry; nil when one of them is too wide for the table (the run is then left
    /// out of the index).
    private static func rows(of entry: RunRecord) -> [Row]? {
        var runRows: [Row] = []
        for leaf in entry.leaves where leaf.kind == .result {
            for item in leaf.items {
                var row = Row(index: entry.index, result: leaf.fullName, comment: leaf.comment, item: item.name, type: "json")
                switch item.value {
                case .int(let v): (row.type, row.int) = ("int", v)
                case .bool(let v): (row.type, row.int) = ("bool", v ? 1 : 0)
                case .double(let v): (row.type, row.double) = ("double", v)
                case .float(let v): (row.type, row.double) = ("float", Double(v))
                case .string(let v) where v.utf8.count <= maximumStringLength: (row.type, row.string) = ("string", v)
                default: row.json = RunValueColumns.jsonText(item.value)
                }
                guard row.json.utf8.count <= maximumJSONLength, row.comment.utf8.count <= maximumTextLength,
                    row.result.utf8.count <= maximumTextLength, row.item.utf8.count <= maximumTextLength
                else { return nil }
                runRows.append(row)
            }
        }
        return runRows
    }

    /// Writes `entries` as the table `name` of `overview`. The columns are filled run by run (no row
    /// objects), so that a million rows cost only the column arrays.
    static func write(_ entries: [Int: RunRecord], into overview: HDF5Group, name: String) throws {
        var indices: [Int64] = [], results: [String] = [], comments: [String] = [], items: [String] = [], types: [String] = []
        var ints: [Int64] = [], doubles: [Double] = [], strings: [String] = [], json: [String] = []
        for index in entries.keys.sorted() {
            guard let entry = entries[index], let runRows = Self.rows(of: entry) else { continue }
            for row in runRows {
                indices.append(Int64(row.index))
                results.append(row.result)
                comments.append(row.comment)
                items.append(row.item)
                types.append(row.type)
                ints.append(Int64(row.int))
                doubles.append(row.double)
                strings.append(row.string)
                json.append(row.json)
            }
        }
        guard !indices.isEmpty else { return }
        func width(_ strings: [String]) -> Int { max(1, strings.lazy.map(\.utf8.count).max() ?? 1) }
        let columns = [
            HDF5Column("idx", .int64), HDF5Column("result", .string(length: width(results))),
            HDF5Column("comment", .string(length: width(comments))), HDF5Column("item", .string(length: width(items))),
            HDF5Column("type", .string(length: width(types))), HDF5Column("int", .int64), HDF5Column("double", .float64),
            HDF5Column("string", .string(length: width(strings))), HDF5Column("json", .string(length: width(json))),
        ]
        // Names and comments repeat from run to run: deflate keeps the file small.
        let table = try overview.createTable(name, columns: columns, options: .extendible(chunkRows: min(16384, indices.count), deflate: 4))
        try table.append(columns: [
            "idx": .int(indices), "result": .string(results), "comment": .string(comments), "item": .string(items),
            "type": .string(types), "int": .int(ints), "double": .double(doubles), "string": .string(strings), "json": .string(json),
        ])
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
