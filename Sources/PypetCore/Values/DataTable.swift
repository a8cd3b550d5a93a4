/// A table of named, typed columns of equal length: the DataFrame of swift-pypet.
public struct DataTable: Sendable, Hashable {
    /// One column's values.
    public enum Column: Sendable, Hashable {
        case bool([Bool])
        case int([Int])
        case double([Double])
        case string([String])

        /// The number of rows.
        public var count: Int {
            switch self {
            case .bool(let v): v.count
            case .int(let v): v.count
            case .double(let v): v.count
            case .string(let v): v.count
            }
        }
    }

    /// The column names, in order.
    public let columnNames: [String]
    /// The columns by name.
    public let columns: [String: Column]

    /// Creates a table from ordered `(name, column)` pairs: names unique and non-empty, columns of equal
    /// length.
    public init(_ columns: [(String, Column)]) throws(TrajectoryError) {
        var byName: [String: Column] = [:]
        for (name, column) in columns {
            guard !name.isEmpty else { throw .invalidValue("empty column name") }
            guard byName[name] == nil else { throw .invalidValue("duplicate column '\(name)'") }
            byName[name] = column
        }
        if let first = columns.first?.1.count, columns.contains(where: { $0.1.count != first }) {
            throw TrajectoryError(code: .unequalLengths, message: "table columns have different lengths")
        }
        self.columnNames = columns.map(\.0)
        self.columns = byName
    }

    /// The number of rows.
    public var rowCount: Int { columnNames.first.flatMap { columns[$0]?.count } ?? 0 }

    /// One column by name.
    public subscript(column name: String) -> Column? { columns[name] }
}
