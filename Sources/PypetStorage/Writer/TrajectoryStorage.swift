import Foundation
import HDF5
public import PypetCore

/// Stores trajectories in pypet's HDF5 layout and loads them back.
///
/// Storing is incremental: nodes already in the file are kept (``StoreMode/addNew``), explored ranges
/// grow by appending rows to `explored_data`, and the `runs` table gets one row per run as soon as it is
/// explored, updated when the run completes or fails. Files open for one store or load at a time.
public struct TrajectoryStorage: Sendable {
    /// The HDF5 file.
    public let path: String
    /// How values are written.
    public let options: StorageOptions

    /// A storage service for the file at `path` (created on the first store).
    public init(path: String, options: StorageOptions = .init()) {
        self.path = path
        self.options = options
    }

    /// Stores everything of `trajectory` that the file does not hold yet (see ``StoreMode``). With
    /// `metadataOnly`, only the overview tables (`info`, `runs`, `explorations`, settings) and
    /// `config/hdf5` are written, no nodes.
    public func store(_ trajectory: Trajectory, mode: StoreMode = .addNew, metadataOnly: Bool = false) throws(StorageError) {
        do {
            let file = FileManager.default.fileExists(atPath: path)
                ? try HDF5File.open(path, mode: .readWrite, format: .v18) : try HDF5File.create(path, format: .v18)
            defer { try? file.close() }
            let writer = try TrajectoryWriter(file: file, trajectory: trajectory, options: options, mode: mode)
            writer.includeNodes = !metadataOnly
            try writer.write()
            try file.close()
        } catch {
            throw StorageError.wrapping(error, path: path, trajectoryCode: .invalidFile)
        }
    }
}

extension TrajectoryStorage {
    /// The names of the trajectories in the file, in name order.
    public func trajectoryNames() throws(StorageError) -> [String] {
        do {
            let file = try HDF5File.open(path)
            defer { try? file.close() }
            return try file.root.linkNames().filter { (try? file.root.linkKind($0)) == .group }
        } catch {
            throw StorageError.hdf5(error)
        }
    }

    /// Loads a trajectory: the one called `name`, or the one at `index` in name order (-1 = the last),
    /// with the branches `options` asks for.
    /// Items that cannot be decoded (pickled or pandas data) are skipped and reported in
    /// ``LoadedTrajectory/failures``; everything else loads.
    public func load(
        name: String? = nil, index: Int = -1, options: LoadOptions = .all, customTypes: CustomTypeRegistry = .init()
    ) throws(StorageError) -> LoadedTrajectory {
        do {
            let file = try HDF5File.open(path)
            defer { try? file.close() }
            let names = try file.root.linkNames().filter { (try? file.root.linkKind($0)) == .group }
            let chosen: String
            if let name {
                guard names.contains(name) else {
                    throw StorageError(code: .notFound, message: "no trajectory '\(name)'; the file holds \(names)", file: path)
                }
                chosen = name
            } else {
                let position = index < 0 ? names.count + index : index
                guard names.indices.contains(position) else {
                    if names.isEmpty { throw StorageError(code: .notFound, message: "the file holds no trajectory (no group at its top level)", file: path) }
                    throw StorageError(code: .notFound, message: "no trajectory at index \(index); the file holds \(names.count)", file: path)
                }
                chosen = names[position]
            }
            let reader = try TrajectoryReader(
                base: try file.root.openGroup(chosen), filePath: path, customTypes: customTypes, options: options)
            return try reader.read()
        } catch {
            throw StorageError.wrapping(error, path: path, trajectoryCode: .invalidFile)
        }
    }
}

extension TrajectoryStorage {
    /// Loads the items of one result, `fullName` (such as `results.runs.run_00000003.loss`), of the
    /// trajectory called `trajectory` (the last one when nil), without loading anything else. Items that
    /// cannot be decoded are left out here; ``load(name:index:options:customTypes:)`` reports each of them in
    /// ``LoadedTrajectory/failures``.
    public func loadItems(of fullName: String, trajectory: String? = nil) throws(StorageError) -> [(String, PypetValue)] {
        try loadItemsAndFailures(of: fullName, trajectory: trajectory).items
    }

    /// The items of one result like ``loadItems(of:trajectory:)``, and one error per item that cannot be
    /// decoded (naming the item and the cause), so that a reader can show those as errors.
    public func loadItemsAndFailures(
        of fullName: String, trajectory: String? = nil
    ) throws(StorageError) -> (items: [(String, PypetValue)], failures: [StorageError]) {
        try withTrajectoryGroup(trajectory) { base in
            let groupPath = fullName.replacingOccurrences(of: ".", with: "/")
            guard try base.contains(groupPath) else {
                // In the columns layout a run's result may live in the results index only.
                if let items = try ResultsIndex.items(of: fullName, in: base) { return (items, []) }
                throw StorageError(code: .notFound, message: "no result '\(fullName)'", file: path, item: fullName)
            }
            let group = try base.openGroup(groupPath)
            // A group of results (a run's group, `results.runs`) is not a result: its children are not items.
            guard try group.attributeNames().contains(Layout.leaf) else {
                throw StorageError(
                    code: .notFound, message: "'\(fullName)' is a group of results, not a result; name one of its results", file: path,
                    item: fullName)
            }
            let className = (try? group.stringAttribute(Layout.className)) ?? "Result"
            return try LeafReading.resultItems(group, className: className, fullName: fullName)
        }
    }

    /// The values the runs' jobs returned (when they were `PypetValue`s), by run index, from the file's
    /// results table (`overview/results`: `run_value_type` and the `run_value` columns; files of earlier
    /// versions: `overview/run_values`). Runs still in parts or the journal appear after the next merge.
    public func runValues(of trajectory: String? = nil) throws(StorageError) -> [Int: PypetValue] {
        try withTrajectoryGroup(trajectory) { base in try ResultsTable.runValues(in: base) }
    }

    /// Opens the file read-only and runs `body` with the group of the trajectory `name` (the last one when
    /// nil); a missing trajectory is ``StorageError/Code/notFound``, other failures are wrapped with the
    /// file's path.
    func withTrajectoryGroup<T>(_ name: String?, _ body: (HDF5Group) throws -> T) throws(StorageError) -> T {
        do {
            let file = try HDF5File.open(path)
            defer { try? file.close() }
            let names = try file.root.linkNames()
            guard let chosen = name ?? names.last, names.contains(chosen) else {
                throw StorageError(code: .notFound, message: "no trajectory '\(name ?? "")'", file: path)
            }
            return try body(try file.root.openGroup(chosen))
        } catch {
            throw StorageError.wrapping(error, path: path)
        }
    }
}
