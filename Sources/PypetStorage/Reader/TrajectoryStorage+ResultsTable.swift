import HDF5
public import PypetCore

extension TrajectoryStorage {
    /// The runs' results table (`overview/results`: `idx`, one typed column per scalar result item, the
    /// runs' return values; see `docs/FILE-LAYOUT.md`) of `trajectory` (the last one when nil), read in one
    /// go without opening any run's group; nil when the file has none (files written before it existed,
    /// or with no run that returned a value or stored a scalar result).
    public func resultsTable(of trajectory: String? = nil) throws(StorageError) -> DataTable? {
        try withTrajectoryGroup(trajectory) { base -> DataTable? in
            guard try base.contains("overview/" + ResultsTable.name) else { return nil }
            let table = try base.openTable("overview/" + ResultsTable.name)
            let columns = try table.columns.map(\.name)
            let values = try table.readColumns(columns)
            var built: [(String, DataTable.Column)] = []
            for column in columns {
                switch values[column] {
                case .int(let v)?: built.append((column, .int(v.map { Int($0) })))
                case .double(let v)?: built.append((column, .double(v)))
                case .bool(let v)?: built.append((column, .bool(v)))
                case .string(let v)?: built.append((column, .string(v)))
                case nil: continue
                }
            }
            return try DataTable(built)
        }
    }

    /// How the file keeps the runs' results (``RunLayout``): `.columns` when some runs' results live only
    /// in the results index and table (merged with ``StorageOptions/runLayout`` `.columns`), else `.pypet`.
    public func runLayout(of trajectory: String? = nil) throws(StorageError) -> RunLayout {
        try withTrajectoryGroup(trajectory) { base in ResultsIndex.holdsRunsWithoutGroups(base) ? .columns : .pypet }
    }
}
