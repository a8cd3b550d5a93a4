import HDF5
import PypetCore

/// The runs' scalar results and return values as one table, `overview/results`: one row per run (`idx`),
/// one typed column per result item that holds a number, a boolean or a short string (`y` for a result `y`
/// of one item, `fit.slope` for the item `slope` of a result `fit`, `stats.mean` for a nested item), short
/// 1-D numeric arrays spread over numbered columns (`fitness_0`, `fitness_1`), and `run_value` (or `run_value_0`...)
/// for what each run returned. `pd.DataFrame(f["<trajectory>/overview/results"][()])` reads it.
///
/// Built from the results index and the run values at every merge (so it always covers every merged
/// run); runs without a result get NaN in a number column (integer columns with gaps become float64),
/// an empty string in a string column. pypet ignores the table.
enum ResultsTable {
    static let name = "results"
    /// The most columns the table gets (further result names are left out; their groups still hold them).
    static let maximumColumns = 256
    /// The longest array spread over columns.
    static let maximumArrayLength = 16
    /// The longest string kept in a column.
    static let maximumStringLength = 64

    private enum Cell {
        case int(Int), double(Double), bool(Bool), string(String)
    }

    /// Writes (or rewrites) `overview/results` of the trajectory group `base` from its results index and
    /// run values.
    static func write(into base: HDF5Group) throws {
        let overview = try base.requireGroup("overview")
        let entries = ResultsIndex.read(base)
        let values = (try? PartFile.values(in: overview)) ?? [:]
        let runs = Set(entries.keys).union(values.keys).sorted()
        if try overview.contains(name) { try overview.removeLink(name) }
        guard !runs.isEmpty else { return }
        var columns: [String: [Int: Cell]] = [:]
        var order: [String] = []
        // Arrays are spread over columns only when they have the same length in every run (fixed shape).
        var lengths: [String: Set<Int>] = [:]
        var spreadFrom: [String: String] = [:]
        func put(_ column: String, _ run: Int, _ value: PypetValue) {
            let made = cells(column, value)
            if made.count != 1 || made.first?.0 != column {
                lengths[column, default: []].insert(made.count)
                for (name, _) in made { spreadFrom[name] = column }
            }
            for (name, cell) in made {
                if columns[name] == nil {
                    guard order.count < maximumColumns else { continue }
                    order.append(name)
                }
                columns[name, default: [:]][run] = cell
            }
        }
        for run in runs {
            for leaf in entries[run]?.leaves ?? [] {
                let result = String(leaf.fullName.split(separator: ".").last ?? "")
                for item in leaf.items {
                    let column = item.name == result ? result : result + "." + item.name
                    if case .dictionary(let nested) = item.value {
                        for key in nested.keys.sorted() { if let value = nested[key] { put(column + "." + key, run, value) } }
                    } else {
                        put(column, run, item.value)
                    }
                }
            }
            if let value = values[run] { put("run_value", run, value) }
        }
        var table: [HDF5Column] = [HDF5Column("idx", .int64)]
        var data: [String: HDF5ColumnValues] = ["idx": .int(runs.map(Int64.init))]
        for column in order where column != "idx" && (spreadFrom[column].map { lengths[$0]?.count == 1 } ?? true) {
            guard let cells = columns[column], let (type, values) = typed(cells, runs) else { continue }
            table.append(HDF5Column(column, type))
            data[column] = values
        }
        let written = try overview.createTable(name, columns: table, options: .extendible(chunkRows: min(65536, max(1, runs.count))))
        try written.append(columns: data)
    }

    /// The cells a value gives: a scalar one, a short numeric array one per element (`name_0`...).
    private static func cells(_ column: String, _ value: PypetValue) -> [(String, Cell)] {
        switch value {
        case .int(let v): return [(column, .int(v))]
        case .double(let v): return [(column, .double(v))]
        case .float(let v): return [(column, .double(Double(v)))]
        case .bool(let v): return [(column, .bool(v))]
        case .string(let v) where v.utf8.count <= maximumStringLength: return [(column, .string(v))]
        case .array(let array) where array.shape.count == 1 && array.count <= maximumArrayLength:
            switch array.elements {
            case .double(let v): return v.enumerated().map { ("\(column)_\($0.offset)", .double($0.element)) }
            case .int(let v): return v.enumerated().map { ("\(column)_\($0.offset)", .int($0.element)) }
            default: return []
            }
        case .list(let values) where values.count <= maximumArrayLength && values.allSatisfy({ $0.isNumber }):
            return values.enumerated().flatMap { cells("\(column)_\($0.offset)", $0.element) }
        default: return []
        }
    }

    /// One column's HDF5 type and values in run order; nil when its cells mix kinds that do not fit one type.
    private static func typed(_ cells: [Int: Cell], _ runs: [Int]) -> (HDF5ColumnType, HDF5ColumnValues)? {
        let complete = cells.count == runs.count
        var kinds = Set<Int>()
        for cell in cells.values {
            switch cell {
            case .int: kinds.insert(0)
            case .double: kinds.insert(1)
            case .bool: kinds.insert(2)
            case .string: kinds.insert(3)
            }
        }
        if kinds == [0], complete {
            return (.int64, .int(runs.map { if case .int(let v)? = cells[$0] { Int64(v) } else { 0 } }))
        }
        if kinds == [2], complete {
            return (.bool, .bool(runs.map { if case .bool(let v)? = cells[$0] { v } else { false } }))
        }
        if kinds == [3] {
            let strings = runs.map { if case .string(let v)? = cells[$0] { v } else { "" } }
            return (.string(length: max(1, strings.map(\.utf8.count).max() ?? 1)), .string(strings))
        }
        guard kinds.isSubset(of: [0, 1, 2]) else { return nil }
        return (.float64, .double(runs.map { run -> Double in
            switch cells[run] {
            case .int(let v)?: Double(v)
            case .double(let v)?: v
            case .bool(let v)?: v ? 1 : 0
            default: .nan
            }
        }))
    }
}

private extension PypetValue {
    var isNumber: Bool {
        switch self {
        case .int, .double, .float: true
        default: false
        }
    }
}
