import HDF5
public import PypetCore

extension TrajectoryStorage {
    /// The runs' results table (`overview/results`: `idx`, one typed column per scalar result item, the
    /// runs' return values; see `docs/FILE-LAYOUT.md`) of `trajectory` (the last one when nil), read in one
    /// go without opening any run's group; nil when the file has none (files written before it existed,
    /// or with no run that returned a value or stored a scalar result).
    public func resultsTable(of trajectory: String? = nil) throws(StorageError) -> DataTable? {
        do {
            let file = try HDF5File.open(path)
            defer { try? file.close() }
            let names = try file.root.linkNames()
            guard let name = trajectory ?? names.last, names.contains(name) else {
                throw StorageError(code: .notFound, message: "no trajectory \(trajectory ?? "")", file: path)
            }
            guard try file.root.contains(name + "/overview/" + ResultsTable.name) else { return nil }
            let table = try file.root.openTable(name + "/overview/" + ResultsTable.name)
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
        } catch {
            throw StorageError.wrapping(error, path: path)
        }
    }

    /// How the file keeps the runs' results (``RunLayout``): `.columns` when some runs' results live only
    /// in the results index and table (merged with ``StorageOptions/runLayout`` `.columns`), else `.pypet`.
    public func runLayout(of trajectory: String? = nil) throws(StorageError) -> RunLayout {
        do {
            let file = try HDF5File.open(path)
            defer { try? file.close() }
            let names = try file.root.linkNames()
            guard let name = trajectory ?? names.last, names.contains(name) else {
                throw StorageError(code: .notFound, message: "no trajectory \(trajectory ?? "")", file: path)
            }
            return ResultsIndex.holdsRunsWithoutGroups(try file.root.openGroup(name)) ? .columns : .pypet
        } catch {
            throw StorageError.wrapping(error, path: path)
        }
    }
}
