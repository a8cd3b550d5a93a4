import HDF5
import PypetCore

/// The runs' scalar results and return values as one table, `overview/results`: one row per run (`idx`),
/// one typed column per result item that holds a number, a boolean or a short string (`y` for a result `y`
/// of one item, `fit.slope` for the item `slope` of a result `fit`, `stats.mean` for a nested item), short
/// 1-D numeric arrays spread over numbered columns (`fitness_0`, `fitness_1`), and `run_value` (or `run_value_0`...)
/// for what each run returned, exactly (``RunValueColumns``: `run_value_type` says how to read it back).
/// `pd.DataFrame(f["<trajectory>/overview/results"][()])` reads it.
///
/// Built from the results index and the run values at every merge (so it always covers every merged
/// run); runs without a result get NaN in a number column (integer columns with gaps become float64),
/// an empty string in a string column. It is the file's only record of the return values. pypet ignores
/// the table.
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

        init?(_ value: PypetValue) {
            switch value {
            case .int(let v): self = .int(v)
            case .double(let v): self = .double(v)
            case .bool(let v): self = .bool(v)
            case .string(let v): self = .string(v)
            default: return nil
            }
        }
    }

    /// Writes (or rewrites) `overview/results` of the trajectory group `base` from its results index and
    /// `values`, the runs' return values (``RunValueColumns``) (`rows`: the index's rows, finalized, when the
    /// caller has them, else read from the file); with `includesResults` off, only the
    /// return values (the fallback when a table with every result column cannot be made).
    static func write(into base: HDF5Group, values: [Int: PypetValue], rows given: ResultsIndexRows? = nil, includesResults: Bool = true) throws {
        let overview = try base.requireGroup("overview")
        let rows = includesResults ? given ?? ((try? ResultsIndex.rows(base)) ?? ResultsIndexRows()) : ResultsIndexRows()
        // The table's runs: the index's (finalized: unique, in run order) and those with a value, merged.
        let valueRuns = values.keys.sorted()
        var runs: [Int] = []
        var groupRow: [Int] = []  // each index group's row in the table
        runs.reserveCapacity(max(rows.groupCount, valueRuns.count))
        groupRow.reserveCapacity(rows.groupCount)
        var nextValue = 0
        for group in 0..<rows.groupCount {
            let run = rows.groupRuns[group]
            while nextValue < valueRuns.count, valueRuns[nextValue] < run {
                runs.append(valueRuns[nextValue])
                nextValue += 1
            }
            if nextValue < valueRuns.count, valueRuns[nextValue] == run { nextValue += 1 }
            if runs.last == run {
                groupRow.append(runs.count - 1)
            } else {
                groupRow.append(runs.count)
                runs.append(run)
            }
        }
        runs += valueRuns[nextValue...]
        if try overview.contains(name) { try overview.removeLink(name) }
        guard !runs.isEmpty else { return }
        // One array of cells per column, indexed by row (the run's position in `runs`).
        var slots: [String: Int] = [:]
        var order: [String] = []
        var cellColumns: [[Cell?]] = []
        // Arrays are spread over columns only when they have the same length in every run (fixed shape).
        var lengths: [String: Set<Int>] = [:]
        var spreadFrom: [String: String] = [:]
        /// One cell of `column` (a new column while there are fewer than maximumColumns; run-value names are
        /// left to the run-value columns).
        func putCell(_ column: String, _ row: Int, _ cell: Cell) {
            guard !column.hasPrefix(RunValueColumns.valueColumn) else { return }
            let slot: Int
            if let known = slots[column] {
                slot = known
            } else {
                guard order.count < maximumColumns else { return }
                slot = order.count
                slots[column] = slot
                order.append(column)
                cellColumns.append([Cell?](repeating: nil, count: runs.count))
            }
            cellColumns[slot][row] = cell
        }
        func put(_ column: String, _ row: Int, _ value: PypetValue) {
            let made = cells(column, value)
            if made.count != 1 || made.first?.0 != column {
                lengths[column, default: []].insert(made.count)
                for (name, _) in made { spreadFrom[name] = column }
            }
            for (name, cell) in made { putCell(name, row, cell) }
        }
        // Column names by (result, item) pool ids: one string per distinct pair, not per row.
        var columnNames: [Int64: String] = [:]
        for group in 0..<rows.groupCount {
            let row = groupRow[group]
            for indexRow in rows.rowRange(group) {
                let ids = rows.ids(indexRow)
                let key = Int64(ids.result) << 32 | Int64(ids.item)
                let column: String
                if let known = columnNames[key] {
                    column = known
                } else {
                    let result = rows.name(ids.result), item = rows.name(ids.item)
                    column = item == result ? result : result + "." + item
                    columnNames[key] = column
                }
                let payload = rows.payload(indexRow)
                switch rows.kind(indexRow) {
                case .int: putCell(column, row, .int(Int(Int64(bitPattern: payload))))
                case .double, .float: putCell(column, row, .double(Double(bitPattern: payload)))
                case .bool: putCell(column, row, .bool(payload != 0))
                case .string, .json:
                    let value = rows.value(indexRow)
                    if case .dictionary(let nested) = value {
                        for key in nested.keys.sorted() { if let value = nested[key] { put(column + "." + key, row, value) } }
                    } else {
                        put(column, row, value)
                    }
                }
            }
        }
        var table: [HDF5Column] = [HDF5Column("idx", .int64)]
        var data: [String: HDF5ColumnValues] = ["idx": .int(runs.map(Int64.init))]
        for (slot, column) in order.enumerated() where column != "idx" && (spreadFrom[column].map { lengths[$0]?.count == 1 } ?? true) {
            guard let (type, values) = typed(cellColumns[slot]) else { continue }
            table.append(HDF5Column(column, type))
            data[column] = values
        }
        if !values.isEmpty {
            for (column, type, columnValues) in runValueColumns(values, runs) {
                table.append(HDF5Column(column, type))
                data[column] = columnValues
            }
        }
        let written = try overview.createTable(name, columns: table, options: .extendible(chunkRows: min(65536, max(1, runs.count))))
        try written.append(columns: data)
    }

    /// The run-value columns (type, typed values, JSON) in run order. A value whose typed column cannot be
    /// made (kinds that share no HDF5 type, such as a string in one run and a number in another) goes to
    /// the JSON column instead, so no value is ever lost.
    private static func runValueColumns(_ values: [Int: PypetValue], _ runs: [Int]) -> [(String, HDF5ColumnType, HDF5ColumnValues)] {
        if let plain = plainRunValueColumns(values, runs) { return plain }
        var encoded: [RunValueColumns.Encoded?] = runs.map { run in values[run].map { RunValueColumns.encode($0) } }
        var typedColumns: [String: (HDF5ColumnType, HDF5ColumnValues)] = [:]
        for _ in 0..<3 {
            var slots: [String: Int] = [:]
            var names: [String] = []
            var cellColumns: [[Cell?]] = []
            for (row, value) in encoded.enumerated() {
                for (column, cell) in value?.cells ?? [] where column != RunValueColumns.jsonColumn {
                    guard let made = Cell(cell) else { continue }
                    let slot: Int
                    if let known = slots[column] {
                        slot = known
                    } else {
                        slot = names.count
                        slots[column] = slot
                        names.append(column)
                        cellColumns.append([Cell?](repeating: nil, count: runs.count))
                    }
                    cellColumns[slot][row] = made
                }
            }
            typedColumns = [:]
            // Runs whose cell cannot share its column's type: strings among numbers (numbers and booleans
            // share float64), so the numbers keep their column.
            var moved = Set<Int>()
            for (slot, column) in names.enumerated() {
                let cells = cellColumns[slot]
                if let typed = typed(cells) {
                    typedColumns[column] = typed
                    continue
                }
                let present = cells.indices.filter { cells[$0] != nil }
                let strings = present.filter { if case .string? = cells[$0] { true } else { false } }
                moved.formUnion(strings.count < present.count ? strings : present)
            }
            guard !moved.isEmpty else { break }
            for row in moved {
                if let original = values[runs[row]] { encoded[row] = RunValueColumns.encode(original, json: true) }
            }
        }
        let types = encoded.map { $0?.type ?? "" }
        var result: [(String, HDF5ColumnType, HDF5ColumnValues)] = [
            (RunValueColumns.typeColumn, .string(length: max(1, types.map(\.utf8.count).max() ?? 1)), .string(types)),
        ]
        let valueNames = typedColumns.keys.sorted { lhs, rhs in
            // run_value, then run_value_0, run_value_1, ... by number
            let left = Int(lhs.dropFirst(RunValueColumns.valueColumn.count + 1)) ?? -1
            let right = Int(rhs.dropFirst(RunValueColumns.valueColumn.count + 1)) ?? -1
            return left < right
        }
        for column in valueNames {
            if let (type, columnValues) = typedColumns[column] { result.append((column, type, columnValues)) }
        }
        let json = encoded.map { value -> String in
            guard let value, value.type == "json", case .string(let text)? = value.cells.first?.1 else { return "" }
            return text
        }
        if json.contains(where: { !$0.isEmpty }) {
            result.append((RunValueColumns.jsonColumn, .string(length: max(1, json.map(\.utf8.count).max() ?? 1)), .string(json)))
        }
        return result
    }

    /// The run-value columns when every value is a double, or every value an exact integer (what most
    /// jobs return), built without cells; nil otherwise. The same columns as the general path gives.
    private static func plainRunValueColumns(_ values: [Int: PypetValue], _ runs: [Int]) -> [(String, HDF5ColumnType, HDF5ColumnValues)]? {
        guard let first = values.first?.value else { return nil }
        var types: [String] = []
        types.reserveCapacity(runs.count)
        switch first {
        case .double:
            var column: [Double] = []
            column.reserveCapacity(runs.count)
            for run in runs {
                switch values[run] {
                case .double(let v)?:
                    column.append(v)
                    types.append("double")
                case nil:
                    column.append(.nan)
                    types.append("")
                default:
                    return nil
                }
            }
            return [
                (RunValueColumns.typeColumn, .string(length: 6), .string(types)),
                (RunValueColumns.valueColumn, .float64, .double(column)),
            ]
        case .int:
            var column: [Int64] = []
            column.reserveCapacity(runs.count)
            for run in runs {
                switch values[run] {
                case .int(let v)? where abs(v) <= RunValueColumns.exactIntegerLimit:
                    column.append(Int64(v))
                    types.append("int")
                case nil:
                    column.append(0)
                    types.append("")
                default:
                    return nil
                }
            }
            let complete = values.count == runs.count
            let type: HDF5ColumnType = complete ? .int64 : .float64
            let cells: HDF5ColumnValues = complete ? .int(column) : .double(zip(column, types).map { $1.isEmpty ? .nan : Double($0) })
            return [
                (RunValueColumns.typeColumn, .string(length: 3), .string(types)),
                (RunValueColumns.valueColumn, type, cells),
            ]
        default:
            return nil
        }
    }

    /// Rewrites the table of the trajectory group `base` with the runs' results (the index's `rows`, read
    /// from the file when nil) and `values` (every run's
    /// return value, not only new ones). A table with every result column that HDF5 refuses (a compound
    /// type over its size limit) gives way to one with the return values only; if even that fails, the
    /// values stay as journal frames in `overview/run_values`, as earlier versions kept them, so none is
    /// lost. Once the table holds them, an earlier version's `run_values` is removed.
    static func store(_ values: [Int: PypetValue], into base: HDF5Group, rows: ResultsIndexRows? = nil) throws {
        let overview = try base.requireGroup("overview")
        do {
            try write(into: base, values: values, rows: rows)
        } catch {
            do {
                try write(into: base, values: values, includesResults: false)
            } catch {
                if try overview.contains(name) { try overview.removeLink(name) }
                let records = values.keys.sorted().map { RunRecord(index: $0, status: .completed, started: 0, finished: 0, value: values[$0]) }
                try PartFile.mergeFrames(PartFile.valueFrames(records), dataset: "run_values", into: base)
                return
            }
        }
        if try overview.contains("run_values") { try overview.removeLink("run_values") }
    }

    /// The runs' return values kept in the trajectory group `base`: from the table's run-value columns, and
    /// from `overview/run_values` (journal frames), which files of earlier versions hold.
    static func runValues(in base: HDF5Group) throws -> [Int: PypetValue] {
        guard let overview = try? base.openGroup("overview") else { return [:] }
        var values = try PartFile.values(in: overview)
        guard try overview.contains(name) else { return values }
        let table = try overview.openTable(name)
        let names = Set(try table.columns.map(\.name))
        guard names.contains(RunValueColumns.typeColumn) else { return values }
        let wanted = names.filter { $0 == "idx" || $0.hasPrefix(RunValueColumns.valueColumn) }
        let read = try table.readColumns(Array(wanted))
        guard case .int(let indices)? = read["idx"], case .string(let types)? = read[RunValueColumns.typeColumn] else { return values }
        for (row, index) in indices.enumerated() where row < types.count && !types[row].isEmpty {
            let value = RunValueColumns.decode(type: types[row]) { column -> PypetValue? in
                switch read[column] {
                case .int(let v)? where row < v.count: .int(Int(v[row]))
                case .double(let v)? where row < v.count: .double(v[row])
                case .bool(let v)? where row < v.count: .bool(v[row])
                case .string(let v)? where row < v.count: .string(v[row])
                default: nil
                }
            }
            guard let value else {
                throw StorageError(code: .invalidFile, message: "run \(index)'s return value in the results table is damaged", item: "overview/results")
            }
            values[Int(index)] = value
        }
        return values
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

    /// One column's HDF5 type and values in row order; nil when its cells mix kinds that do not fit one type.
    private static func typed(_ cells: [Cell?]) -> (HDF5ColumnType, HDF5ColumnValues)? {
        var complete = true
        var kinds: UInt8 = 0  // bits: 1 int, 2 double, 4 bool, 8 string
        for cell in cells {
            switch cell {
            case .int?: kinds |= 1
            case .double?: kinds |= 2
            case .bool?: kinds |= 4
            case .string?: kinds |= 8
            case nil: complete = false
            }
        }
        if kinds == 1, complete {
            return (.int64, .int(cells.map { if case .int(let v)? = $0 { Int64(v) } else { 0 } }))
        }
        if kinds == 4, complete {
            return (.bool, .bool(cells.map { if case .bool(let v)? = $0 { v } else { false } }))
        }
        if kinds == 8 {
            let strings = cells.map { if case .string(let v)? = $0 { v } else { "" } }
            return (.string(length: max(1, strings.map(\.utf8.count).max() ?? 1)), .string(strings))
        }
        guard kinds & 8 == 0 else { return nil }
        return (.float64, .double(cells.map { cell -> Double in
            switch cell {
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
