import ComplexModule
import HDF5
import PypetCore

/// Turns what pypet's layout stores back into ``PypetValue``s.
enum ValueDecoding {
    /// One table cell of a parameter's `data` or `explored_data` column.
    static func cell(
        _ cell: HDF5Value, column: HDF5ColumnType?, collection: String?, scalarType: String?, customType: String?, item: String
    ) throws(StorageError) -> PypetValue {
        if let customType {
            return .custom(CustomValue(typeName: customType, payload: Array((cell.stringValue ?? "").utf8)))
        }
        switch collection ?? Layout.Collection.scalar {
        case Layout.Collection.list, Layout.Collection.tuple:
            return .list(try elements(of: cell, scalarType: scalarType, item: item))
        case Layout.Collection.ndarray:
            let shape: [Int]
            if case .array(_, let dimensions)? = column { shape = dimensions } else { shape = [elementCount(cell)] }
            let isFloat32: Bool = if case .array(.float32, _)? = column { true } else { false }
            return .array(try ndarray(cell, shape: shape, float32: isFloat32, item: item))
        default:
            return ScalarType.recall(try scalar(cell, item: item), as: scalarType)
        }
    }

    static func scalar(_ cell: HDF5Value, item: String) throws(StorageError) -> PypetValue {
        switch cell {
        case .int(let v): return .int(Int(v))
        case .double(let v): return .double(v)
        case .bool(let v): return .bool(v)
        case .string(let v): return .string(v)
        case .complex(let v): return .complex(v)
        default: throw StorageError(code: .unsupported, message: "a \(cell.kindName) where a scalar was expected", item: item)
        }
    }

    static func elements(of cell: HDF5Value, scalarType: String?, item: String) throws(StorageError) -> [PypetValue] {
        let values: [PypetValue]
        switch cell {
        case .intArray(let v): values = v.map { .int(Int($0)) }
        case .doubleArray(let v): values = v.map { .double($0) }
        case .boolArray(let v): values = v.map { .bool($0) }
        case .stringArray(let v): values = v.map { .string($0) }
        default: values = [try scalar(cell, item: item)]
        }
        return values.map { ScalarType.recall($0, as: scalarType) }
    }

    static func ndarray(_ cell: HDF5Value, shape: [Int], float32: Bool, item: String) throws(StorageError) -> NDArray {
        let elements: NDArray.Elements
        switch cell {
        case .intArray(let v): elements = .int(v.map { Int($0) })
        case .doubleArray(let v): elements = float32 ? .float(v.map(Float.init)) : .double(v)
        case .boolArray(let v): elements = .bool(v)
        case .stringArray(let v): elements = .string(v)
        default: throw StorageError(code: .unsupported, message: "a \(cell.kindName) where an array was expected", item: item)
        }
        do {
            return try NDArray(shape: shape, elements: elements)
        } catch {
            throw StorageError(code: .invalidFile, message: error.message, item: item)
        }
    }

    private static func elementCount(_ cell: HDF5Value) -> Int {
        switch cell {
        case .intArray(let v): v.count
        case .doubleArray(let v): v.count
        case .boolArray(let v): v.count
        case .stringArray(let v): v.count
        default: 1
        }
    }

    /// One result item stored as a dataset (`ARRAY`, `CARRAY`, `DICT` or `TABLE`).
    static func item(_ dataset: HDF5Dataset, group: HDF5Group, name: String, item: String) throws -> PypetValue {
        let attributes = Set(try dataset.attributeNames())
        func text(_ name: String) -> String? { attributes.contains(name) ? try? dataset.stringAttribute(name) : nil }
        let store = text(Layout.store) ?? Layout.Store.array
        let collection = text(Layout.dataCollection)
        let scalarType = text(Layout.dataScalar)
        switch store {
        case Layout.Store.array, Layout.Store.carray, "EARRAY":
            let value = try array(
                dataset, collection: collection, scalarType: scalarType, customType: text(Layout.customType),
                kind: text(Layout.swiftKind), item: item)
            if let unit = try QuantityLayout.unit(of: dataset, attributes: attributes, item: item) {
                return try QuantityLayout.quantity(value, unit: unit, item: item)
            }
            return value
        case Layout.Store.dict:
            return try dictionary(try group.openTable(name), item: item)
        case Layout.Store.table:
            return try table(try group.openTable(name), item: item)
        default:
            throw StorageError(
                code: .unsupported, message: "items stored as '\(store)' (pickled or pandas data) cannot be decoded", item: item)
        }
    }

    private static func array(
        _ dataset: HDF5Dataset, collection: String?, scalarType: String?, customType: String?, kind: String?, item: String
    ) throws -> PypetValue {
        let shape = try dataset.shape
        let elements = try self.elements(of: dataset, scalarType: scalarType, item: item)
        var values: [PypetValue] =
            switch elements {
            case .bool(let v): v.map { .bool($0) }
            case .int(let v): v.map { .int($0) }
            case .double(let v): v.map { .double($0) }
            case .float(let v): v.map { .float($0) }
            case .complex(let v): v.map { .complex($0) }
            case .string(let v): v.map { .string($0) }
            }
        values = values.map { ScalarType.recall($0, as: scalarType) }
        if let custom = customType, case .string(let text)? = values.first {
            return .custom(CustomValue(typeName: custom, payload: Array(text.utf8)))
        }
        switch collection {
        case Layout.Collection.scalar?:
            guard let first = values.first else { throw StorageError(code: .invalidFile, message: "an empty scalar", item: item) }
            return first
        case Layout.Collection.list?, Layout.Collection.tuple?:
            return .list(values)
        default:
            if shape.isEmpty, let first = values.first, collection == nil { return first }
            if kind == "sparse", shape.count == 2, case .double(let dense) = elements {
                do {
                    return .sparse(try SparseMatrix(dense: dense, rows: shape[0], columns: shape[1]))
                } catch {
                    throw StorageError(code: .invalidFile, message: error.message, item: item)
                }
            }
            do {
                return .array(try NDArray(shape: shape.isEmpty ? [] : shape, elements: elements))
            } catch {
                throw StorageError(code: .invalidFile, message: error.message, item: item)
            }
        }
    }

    /// All elements of a dataset of numbers, booleans or strings, in row-major order. Integers of every
    /// width read exactly; an unsigned 64-bit value beyond `Int.max` is an error naming it, never wrapped.
    static func elements(of dataset: HDF5Dataset, scalarType: String?, item: String) throws -> NDArray.Elements {
        let stored = try dataset.datatype
        switch stored {
        case .float(let bits) where bits <= 32 && (scalarType == "float32" || scalarType == nil):
            return .float(try dataset.read(as: Float.self))
        case .float:
            return .double(try dataset.read(as: Double.self))
        case .integer(8, _) where scalarType == "bool":
            return .bool(try dataset.read(as: Bool.self))
        case .integer(let bits, false) where bits > 32:
            let v = try dataset.read(as: UInt64.self)
            if let large = v.first(where: { $0 > UInt64(Int.max) }) { throw unsigned64(large, item: item) }
            return .int(v.map { Int($0) })
        case .integer:
            return .int(try dataset.read(as: Int64.self).map { Int($0) })
        case .string:
            return .string(try dataset.readStrings())
        case _ where stored.isBooleanLike:
            return .bool(try dataset.read(as: Bool.self))
        case _ where stored.isComplex:
            return .complex(try dataset.read(as: Complex<Double>.self))
        default:
            throw StorageError(code: .unsupported, message: "values of the HDF5 type \(stored), which swift-pypet cannot represent", item: item)
        }
    }

    /// The columns of `table` stored as unsigned 64-bit integers, whose cells arrive as their bit pattern.
    static func unsigned64Columns(_ table: HDF5Table) throws -> Set<String> {
        guard case .compound(let fields) = try table.storedType else { return [] }
        return Set(fields.filter { field in
            switch field.type {
            case .integer(64, false), .array(.integer(64, false), _): true
            default: false
            }
        }.map(\.name))
    }

    /// Throws for a cell of an unsigned 64-bit column beyond `Int.max` (a negative bit pattern), which
    /// would otherwise read as a wrong, negative number.
    static func checkUnsigned64(_ cells: [HDF5Value], column: String? = nil, item: String) throws(StorageError) {
        let values = cells.lazy.flatMap { cell -> [Int64] in
            switch cell {
            case .int(let v): [v]
            case .intArray(let v): v
            default: []
            }
        }
        guard let large = values.first(where: { $0 < 0 }) else { return }
        throw unsigned64(UInt64(bitPattern: large), column: column, item: item)
    }

    /// The error for an unsigned 64-bit value that an `Int` cannot hold (never wrapped to a negative one).
    static func unsigned64(_ value: UInt64, column: String? = nil, item: String) -> StorageError {
        let holder = column.map { "the column '\($0)'" } ?? "it"
        return StorageError(
            code: .unsupported,
            message: "\(holder) holds the unsigned 64-bit value \(value), larger than the largest integer swift-pypet holds (\(Int.max))",
            item: item)
    }

    private static func dictionary(_ table: HDF5Table, item: String) throws -> PypetValue {
        guard let row = try table.readRows(0..<min(1, try table.rowCount)).first else {
            return .dictionary([:])
        }
        var entries: [String: PypetValue] = [:]
        let unsigned = try unsigned64Columns(table)
        for (key, cell) in row {
            if unsigned.contains(key) { try checkUnsigned64([cell], column: key, item: item) }
            let scalarType = try? table.stringAttribute(Layout.columnScalar(key))
            entries[key] = ScalarType.recall(try scalar(cell, item: item + "." + key), as: scalarType)
        }
        return .dictionary(entries)
    }

    private static func table(_ table: HDF5Table, item: String) throws -> PypetValue {
        let columns = try table.columns
        let rows = try table.readRows()
        var result: [(String, DataTable.Column)] = []
        let unsigned = try unsigned64Columns(table)
        for column in columns {
            let cells = rows.map { $0[column.name] ?? .int(0) }
            if unsigned.contains(column.name) { try checkUnsigned64(cells, column: column.name, item: item) }
            switch column.type {
            case .int64, .int32, .uint8: result.append((column.name, .int(cells.map { Int($0.intValue ?? 0) })))
            case .float64, .float32: result.append((column.name, .double(cells.map { $0.doubleValue ?? 0 })))
            case .bool: result.append((column.name, .bool(cells.map { $0.boolValue ?? false })))
            case .string, .variableString: result.append((column.name, .string(cells.map { $0.stringValue ?? "" })))
            default: throw StorageError(code: .unsupported, message: "a table column of type \(column.type)", item: item)
            }
        }
        do {
            return .table(try DataTable(result))
        } catch {
            throw StorageError(code: .invalidFile, message: error.message, item: item)
        }
    }
}
