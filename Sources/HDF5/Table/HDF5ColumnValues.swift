/// The values of one table column for many rows, for columnar reads and writes (no per-row dictionary):
/// integers as `Int64`, floats as `Double`, booleans, strings.
public enum HDF5ColumnValues: Sendable, Hashable {
    case int([Int64])
    case double([Double])
    case bool([Bool])
    case string([String])

    /// The number of rows.
    public var count: Int {
        switch self {
        case .int(let v): v.count
        case .double(let v): v.count
        case .bool(let v): v.count
        case .string(let v): v.count
        }
    }

    var kindName: String {
        switch self {
        case .int: "integer"
        case .double: "double"
        case .bool: "boolean"
        case .string: "string"
        }
    }
}
