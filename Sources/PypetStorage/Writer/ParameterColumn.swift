import HDF5
import PypetCore

/// How a parameter's values are laid out in its `data` and `explored_data` tables: one column `data`.
struct ParameterColumn {
    let type: HDF5ColumnType
    let collection: String
    let scalarType: String?
    let customType: String?

    init(type: HDF5ColumnType, collection: String, scalarType: String?, customType: String?) {
        self.type = type
        self.collection = collection
        self.scalarType = scalarType
        self.customType = customType
    }

    /// The column that holds every one of `values` (the default and the explored range).
    init(for values: [PypetValue], item: String) throws(StorageError) {
        guard let first = values.first else {
            throw StorageError(code: .unsupported, message: "a parameter without a value", item: item)
        }
        func unsupported(_ what: String) -> StorageError {
            StorageError(code: .unsupported, message: "\(what) cannot be stored in a parameter table", item: item)
        }
        switch first {
        case .double: (type, collection) = (.float64, Layout.Collection.scalar)
        case .int: (type, collection) = (.int64, Layout.Collection.scalar)
        case .bool: (type, collection) = (.bool, Layout.Collection.scalar)
        case .float: (type, collection) = (.float32, Layout.Collection.scalar)
        case .complex: (type, collection) = (.complex, Layout.Collection.scalar)
        case .string, .custom:
            let longest = values.map { Self.text(of: $0).utf8.count }.max() ?? 0
            (type, collection) = (.string(length: Self.stringWidth(longest)), Layout.Collection.scalar)
        case .list(let elements):
            let counts = Set(values.map { (value: PypetValue) -> Int in if case .list(let v) = value { v.count } else { -1 } })
            guard counts.count == 1 else { throw unsupported("lists of different lengths") }
            guard let element = elements.first, let base = Self.arrayBase(element) else { throw unsupported("a list of \(first.typeDescription)") }
            (type, collection) = (.array(base, shape: [elements.count]), Layout.Collection.list)
        case .array(let array):
            let shapes = Set(values.map { (value: PypetValue) -> [Int] in if case .array(let a) = value { a.shape } else { [] } })
            guard shapes.count == 1, !array.shape.isEmpty, array.count > 0 else { throw unsupported("arrays of different or empty shapes") }
            guard let base = Self.arrayBase(array.elements) else { throw unsupported("an array of \(array.elements.typeName)") }
            (type, collection) = (.array(base, shape: array.shape), Layout.Collection.ndarray)
        default:
            throw unsupported("a \(first.typeDescription) value")
        }
        scalarType = collection == Layout.Collection.ndarray ? nil : (ScalarType.name(of: first) ?? ScalarType.elementName(of: first))
        if case .custom(let custom) = first { customType = custom.typeName } else { customType = nil }
    }

    /// The `data` column of many values at once (scalar and string columns), or nil when the cells are
    /// of a kind only row writes handle (complex, arrays).
    func columnValues(_ values: some Collection<PypetValue>, item: String) throws(StorageError) -> HDF5ColumnValues? {
        // Ranges of one scalar type (the common case: tens of thousands of explored doubles or integers)
        // become a typed column directly.
        if let direct = Self.directColumn(values) { return direct }
        let cells = try values.map { value throws(StorageError) in try cell(value, item: item) }
        switch cells.first {
        case .double?:
            let doubles = cells.compactMap(\.doubleValue)
            return doubles.count == cells.count ? .double(doubles) : nil
        case .int?:
            let ints = cells.compactMap(\.intValue)
            return ints.count == cells.count ? .int(ints) : nil
        case .bool?:
            let bools = cells.compactMap(\.boolValue)
            return bools.count == cells.count ? .bool(bools) : nil
        case .string?:
            let strings = cells.compactMap(\.stringValue)
            return strings.count == cells.count ? .string(strings) : nil
        default:
            return nil
        }
    }

    private static func directColumn(_ values: some Collection<PypetValue>) -> HDF5ColumnValues? {
        switch values.first {
        case .double?: payloads(values) { (value) -> Double? in if case .double(let v) = value { v } else { nil } }.map { .double($0) }
        case .int?: payloads(values) { (value) -> Int64? in if case .int(let v) = value { Int64(v) } else { nil } }.map { .int($0) }
        case .bool?: payloads(values) { (value) -> Bool? in if case .bool(let v) = value { v } else { nil } }.map { .bool($0) }
        default: nil
        }
    }

    /// Every value's payload, or nil as soon as one value is of another kind.
    private static func payloads<T>(_ values: some Collection<PypetValue>, _ payload: (PypetValue) -> T?) -> [T]? {
        var result: [T] = []
        result.reserveCapacity(values.count)
        for value in values {
            guard let element = payload(value) else { return nil }
            result.append(element)
        }
        return result
    }

    /// Appends `values` to a one-column parameter table, column-wise when possible.
    func append(_ values: some Collection<PypetValue>, to table: HDF5Table, item: String) throws {
        if let column = try columnValues(values, item: item) {
            try table.append(columns: ["data": column])
        } else {
            try table.append(try values.map { value throws(StorageError) in ["data": try cell(value, item: item)] })
        }
    }

    /// The table cell of one value.
    func cell(_ value: PypetValue, item: String) throws(StorageError) -> HDF5Value {
        switch value {
        case .double(let v): return .double(v)
        case .int(let v): return .int(Int64(v))
        case .bool(let v): return .bool(v)
        case .float(let v): return .double(Double(v))
        case .complex(let v): return .complex(v)
        case .string, .custom:
            let text = Self.text(of: value)
            if case .string(let length, _) = type, text.utf8.count > length {
                throw StorageError(code: .mismatch, message: "string longer than the stored column", item: item)
            }
            return .string(text)
        case .list(let elements): return try Self.arrayCell(elements, item: item)
        case .array(let array):
            switch array.elements {
            case .double(let v): return .doubleArray(v)
            case .float(let v): return .doubleArray(v.map(Double.init))
            case .int(let v): return .intArray(v.map(Int64.init))
            case .bool(let v): return .boolArray(v)
            default: throw StorageError(code: .unsupported, message: "array of \(array.elements.typeName)", item: item)
            }
        default:
            throw StorageError(code: .unsupported, message: "a \(value.typeDescription) value", item: item)
        }
    }

    /// Whether `values` still fit this column (strings no longer than its width).
    func fits(_ values: ArraySlice<PypetValue>) -> Bool {
        guard case .string(let length, _) = type else { return true }
        return values.allSatisfy { Self.text(of: $0).utf8.count <= length }
    }

    static func text(of value: PypetValue) -> String {
        switch value {
        case .string(let text): text
        case .custom(let custom): String(decoding: custom.payload, as: UTF8.self)
        default: ""
        }
    }

    /// Room for growth: explored strings are appended later and the column cannot widen in place.
    static func stringWidth(_ longest: Int) -> Int { max(32, 2 * longest) }

    private static func arrayBase(_ element: PypetValue) -> HDF5ColumnType? {
        switch element {
        case .double: .float64
        case .int: .int64
        case .bool: .bool
        case .float: .float32
        default: nil
        }
    }

    private static func arrayBase(_ elements: NDArray.Elements) -> HDF5ColumnType? {
        switch elements {
        case .double: .float64
        case .int: .int64
        case .bool: .bool
        case .float: .float32
        default: nil
        }
    }

    private static func arrayCell(_ elements: [PypetValue], item: String) throws(StorageError) -> HDF5Value {
        switch elements.first {
        case .double?: return .doubleArray(elements.compactMap { if case .double(let v) = $0 { v } else { nil } })
        case .float?: return .doubleArray(elements.compactMap { if case .float(let v) = $0 { Double(v) } else { nil } })
        case .int?: return .intArray(elements.compactMap { if case .int(let v) = $0 { Int64(v) } else { nil } })
        case .bool?: return .boolArray(elements.compactMap { if case .bool(let v) = $0 { v } else { nil } })
        default: throw StorageError(code: .unsupported, message: "a list of this type", item: item)
        }
    }
}
