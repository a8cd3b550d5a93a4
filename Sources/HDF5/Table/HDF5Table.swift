internal import CHDF5

/// A table: a one-dimensional dataset of a compound type, one row per element.
///
/// Tables written by this module and by other tools (PyTables, h5py, pypet) are read the same way:
/// columns are matched by name, so field order and padding do not matter; integers of any width read as
/// ``HDF5Value/int(_:)``, floats as ``HDF5Value/double(_:)``, 8-bit bitfields and one-byte enums as
/// ``HDF5Value/bool(_:)``, fixed and variable, ASCII and UTF-8 strings as ``HDF5Value/string(_:)``.
public final class HDF5Table: HDF5Object {
    override init(handle: Handle, file: HDF5File, path: String) {
        super.init(handle: handle, file: file, path: path)
    }

    /// The stored compound type.
    public var storedType: HDF5Datatype {
        get throws(HDF5Error) {
            try perform("H5Dget_type") { (context) throws(HDF5Error) -> HDF5Datatype in
                let type = try context.handle(H5Dget_type(handle.id), .datatype, "H5Dget_type")
                return try TypeBuilder.describe(type.id, context: context)
            }
        }
    }

    /// The columns, in stored order, with the column type each stored field reads as.
    public var columns: [HDF5Column] {
        get throws(HDF5Error) {
            guard case .compound(let fields) = try storedType else { return [] }
            return fields.compactMap { field in
                Self.columnType(field.type).map { HDF5Column(field.name, $0) }
            }
        }
    }

    /// The number of rows.
    public var rowCount: Int {
        get throws(HDF5Error) { try dataset.shape.first ?? 0 }
    }

    /// Appends one row. Columns missing from `row` are zero (empty strings, false).
    public func append(_ row: HDF5Row) throws(HDF5Error) {
        try append([row])
    }

    /// Appends rows (one `H5Dset_extent` and one `H5Dwrite` for all of them). Every value is checked
    /// against its column before anything is written: an unknown column throws ``HDF5Error/Code/notFound``,
    /// a value of the wrong kind ``HDF5Error/Code/typeMismatch``, an integer out of the column's range or a
    /// string longer than its column ``HDF5Error/Code/invalidArgument``.
    public func append(_ rows: [HDF5Row]) throws(HDF5Error) {
        guard !rows.isEmpty else { return }
        try perform("append", writing: true) { (context) throws(HDF5Error) in
            let layout = try self.layout(nil, context, "append")
            try layout.withEncoded(rows, context: context, operation: "append") { (buffer) throws(HDF5Error) in
                let selection = try dataset.grow(by: rows.count, operation: "append")
                try write(buffer, layout: layout, selection: selection, context: context)
            }
        }
    }

    /// Overwrites the cells of row `index` named in `values`; other cells keep their values.
    public func update(row index: Int, with values: HDF5Row) throws(HDF5Error) {
        guard !values.isEmpty else { return }
        try perform("update", writing: true) { (context) throws(HDF5Error) in
            let rows = try rowCount
            guard (0..<rows).contains(index) else {
                throw context.error(.shapeMismatch, "row \(index) is outside 0..<\(rows)", operation: "update")
            }
            let layout = try self.layout(Array(values.keys).sorted(), context, "update")
            try layout.withEncoded([values], context: context, operation: "update") { (buffer) throws(HDF5Error) in
                try write(buffer, layout: layout, selection: .init(offset: [index], count: [1]), context: context)
            }
        }
    }

    /// Overwrites the cells named in `rows` (every row names the same columns) of the consecutive rows
    /// starting at `start`, with one layout and one `H5Dwrite`; other cells keep their values.
    public func update(rowsFrom start: Int, with rows: [HDF5Row]) throws(HDF5Error) {
        guard let first = rows.first, !first.isEmpty else { return }
        try perform("update", writing: true) { (context) throws(HDF5Error) in
            let count = try rowCount
            guard start >= 0, start + rows.count <= count else {
                throw context.error(.shapeMismatch, "rows \(start)..<\(start + rows.count) are outside 0..<\(count)", operation: "update")
            }
            let names = Array(first.keys).sorted()
            guard rows.allSatisfy({ $0.count == names.count && names.allSatisfy($0.keys.contains) }) else {
                throw context.error(.invalidArgument, "every updated row must name the same columns", operation: "update")
            }
            let layout = try self.layout(names, context, "update")
            try layout.withEncoded(rows, context: context, operation: "update") { (buffer) throws(HDF5Error) in
                try write(buffer, layout: layout, selection: .init(offset: [start], count: [rows.count]), context: context)
            }
        }
    }

    /// Appends rows given column by column (one value array per column; every column of the table must
    /// be given, with the same count): no per-row dictionaries, one `H5Dwrite`.
    public func append(columns: [String: HDF5ColumnValues]) throws(HDF5Error) {
        guard let count = columns.values.first?.count, count > 0 else { return }
        try perform("append", writing: true) { (context) throws(HDF5Error) in
            let layout = try self.layout(nil, context, "append")
            try layout.withEncoded(columns: columns, count: count, context: context, operation: "append") { (buffer) throws(HDF5Error) in
                let selection = try dataset.grow(by: count, operation: "append")
                try write(buffer, layout: layout, selection: selection, context: context)
            }
        }
    }

    /// Overwrites the named columns of the consecutive rows starting at `start`, given column by column;
    /// other columns keep their values.
    public func update(rowsFrom start: Int, columns: [String: HDF5ColumnValues]) throws(HDF5Error) {
        guard let count = columns.values.first?.count, count > 0 else { return }
        try perform("update", writing: true) { (context) throws(HDF5Error) in
            let rows = try rowCount
            guard start >= 0, start + count <= rows else {
                throw context.error(.shapeMismatch, "rows \(start)..<\(start + count) are outside 0..<\(rows)", operation: "update")
            }
            let layout = try self.layout(columns.keys.sorted(), context, "update")
            try layout.withEncoded(columns: columns, count: count, context: context, operation: "update") { (buffer) throws(HDF5Error) in
                try write(buffer, layout: layout, selection: .init(offset: [start], count: [count]), context: context)
            }
        }
    }

    /// Reads the named scalar and string columns (all rows, or `range`) column by column.
    public func readColumns(_ names: [String], range: Range<Int>? = nil) throws(HDF5Error) -> [String: HDF5ColumnValues] {
        try perform("H5Dread") { (context) throws(HDF5Error) -> [String: HDF5ColumnValues] in
            let layout = try self.layout(names, context, "H5Dread")
            let selection = try range.map { (range) throws(HDF5Error) in try dataset.rowSelection(range) }
            return try dataset.withSpaces(selection, "H5Dread", context) { (memory, file, elements) throws(HDF5Error) -> [String: HDF5ColumnValues] in
                guard elements > 0 else { return layout.decodeColumns(UnsafeRawBufferPointer(start: nil, count: 0), count: 0) }
                var buffer = [UInt8](repeating: 0, count: elements * layout.rowSize)
                let status = buffer.withUnsafeMutableBytes {
                    H5Dread(handle.id, layout.memoryType.id, memory, file, TypeCache.transferList(elements: elements, elementSize: layout.transferSize), $0.baseAddress)
                }
                try context.check(status, "H5Dread")
                let columns = buffer.withUnsafeBytes { layout.decodeColumns($0, count: elements) }
                if layout.hasVariableStrings {
                    let space = memory == chdf5_S_ALL() ? file : memory
                    _ = buffer.withUnsafeMutableBytes {
                        H5Dvlen_reclaim(layout.memoryType.id, space, chdf5_P_DEFAULT(), $0.baseAddress)
                    }
                }
                return columns
            }
        }
    }

    /// Reads rows (all when `range` is nil), with every column or only `columns`.
    public func readRows(_ range: Range<Int>? = nil, columns: [String]? = nil) throws(HDF5Error) -> [HDF5Row] {
        try perform("H5Dread") { (context) throws(HDF5Error) -> [HDF5Row] in
            let layout = try self.layout(columns, context, "H5Dread")
            let selection = try range.map { (range) throws(HDF5Error) in try dataset.rowSelection(range) }
            return try dataset.withSpaces(selection, "H5Dread", context) { (memory, file, elements) throws(HDF5Error) -> [HDF5Row] in
                guard elements > 0 else { return [] }
                var buffer = [UInt8](repeating: 0, count: elements * layout.rowSize)
                let status = buffer.withUnsafeMutableBytes {
                    H5Dread(handle.id, layout.memoryType.id, memory, file, TypeCache.transferList(elements: elements, elementSize: layout.transferSize), $0.baseAddress)
                }
                try context.check(status, "H5Dread")
                let rows = buffer.withUnsafeBytes { layout.decode($0, count: elements) }
                if layout.hasVariableStrings {
                    let space = memory == chdf5_S_ALL() ? file : memory
                    _ = buffer.withUnsafeMutableBytes {
                        H5Dvlen_reclaim(layout.memoryType.id, space, chdf5_P_DEFAULT(), $0.baseAddress)
                    }
                }
                return rows
            }
        }
    }

    /// Reads one row.
    public func row(_ index: Int) throws(HDF5Error) -> HDF5Row {
        let rows = try readRows(index..<(index + 1))
        guard let row = rows.first else {
            throw context.error(.shapeMismatch, "row \(index) does not exist", operation: "H5Dread")
        }
        return row
    }

    /// Reads one column, every row.
    public func column(_ name: String) throws(HDF5Error) -> [HDF5Value] {
        // Column-wise for numbers, booleans and strings (no dictionary per row: a million-row explored
        // range reads in a fraction of the time); complex and array columns go row by row.
        switch try readColumns([name])[name] {
        case .int(let values)?: return values.map { .int($0) }
        case .double(let values)?: return values.map { .double($0) }
        case .bool(let values)?: return values.map { .bool($0) }
        case .string(let values)?: return values.map { .string($0) }
        case nil: return try readRows(nil, columns: [name]).map { $0[name] ?? .int(0) }
        }
    }

    // MARK: Internal

    private var dataset: HDF5Dataset { HDF5Dataset(handle: handle, file: file, path: path) }

    private func layout(_ names: [String]?, _ context: ErrorContext, _ operation: String) throws(HDF5Error) -> RowLayout {
        let type = try context.handle(H5Dget_type(handle.id), .datatype, "H5Dget_type")
        return try RowLayout(fileType: type.id, names: names, context: context, operation: operation)
    }

    private func write(
        _ buffer: UnsafeRawPointer, layout: RowLayout, selection: HDF5Dataset.Selection, context: ErrorContext
    ) throws(HDF5Error) {
        try dataset.withSpaces(selection, "H5Dwrite", context) { (memory, file, elements) throws(HDF5Error) in
            let transfer = TypeCache.transferList(elements: elements, elementSize: layout.transferSize)
            let status = H5Dwrite(handle.id, layout.memoryType.id, memory, file, transfer, buffer)
            try context.check(status, "H5Dwrite")
        }
    }

    static func columnType(_ stored: HDF5Datatype) -> HDF5ColumnType? {
        switch stored {
        case .integer(8, false): return .uint8
        case .integer(let bits, let signed): return (bits > 32 || (!signed && bits == 32)) ? .int64 : .int32
        case .float(let bits): return bits > 32 ? .float64 : .float32
        case .bitfield(8), .enumeration(.integer(8, _), _): return .bool
        case .string(let length, let encoding):
            return length.map { .string(length: $0, encoding: encoding) } ?? .variableString(encoding: encoding)
        case .array(let base, let dimensions):
            return columnType(base).map { .array($0, shape: dimensions) }
        case _ where stored.isComplex: return .complex
        default: return nil
        }
    }
}
