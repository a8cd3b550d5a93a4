import Foundation
import HDF5
import PypetCore

extension TrajectoryStorage {
    /// Deletes `fullName` (a result, a derived parameter, or a group with `recursive`) of the trajectory
    /// `name` (the last one when nil) from the file, as pypet's `f_delete_item` and `f_remove` do; the space
    /// it took is reclaimed by ``repack()``. Parameters and config are refused (the exploration and the
    /// environment's records depend on them), as are the overview tables.
    ///
    /// Throws ``StorageError`` naming the item: missing, refused, or a group with children without
    /// `recursive`.
    public func deleteItem(_ fullName: String, trajectory name: String? = nil, recursive: Bool = false) throws(StorageError) {
        let components = fullName.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard let branch = components.first, components.count >= 2, !components.contains("") else {
            throw StorageError(code: .notFound, message: "'\(fullName)' does not name an item below a branch (such as results.runs.run_00000003.z)", file: path, item: fullName)
        }
        guard branch != "parameters", branch != "config", branch != "overview" else {
            throw StorageError(
                code: .unsupported, message: "items of '\(branch)' cannot be deleted: the runs' exploration and the environment records depend on them",
                file: path, item: fullName)
        }
        do {
            let file = try HDF5File.open(path, mode: .readWrite, format: .v18)
            defer { try? file.close() }
            let names = try file.root.linkNames().filter { (try? file.root.linkKind($0)) == .group }
            guard let trajectory = name ?? names.last, names.contains(trajectory) else {
                throw StorageError(code: .notFound, message: "no trajectory \(name.map { "'\($0)'" } ?? "") in the file", file: path)
            }
            let base = try file.root.openGroup(trajectory)
            let target = components.joined(separator: "/")
            let insideRuns = components.contains { NodeName.isRunName($0) || $0.hasPrefix("run_set_") } || components.dropFirst().first == "runs"
            // In the columns layout the results index is the only copy of many runs' results: what is
            // deleted leaves it row by row, and the index stays.
            if branch == "results", ResultsIndex.holdsRunsWithoutGroups(base) {
                try deleteIndexed(fullName, target: target, in: base, recursive: recursive, trajectory: trajectory)
                return
            }
            guard try base.contains(target) else {
                throw StorageError(code: .notFound, message: "no item '\(fullName)' in trajectory '\(trajectory)'", file: path, item: fullName)
            }
            try checkDeletable(fullName, target: target, in: base, recursive: recursive)
            try base.removeLink(target)
            // The index of the runs' small results may name what was deleted from a run: without it, loading
            // reads the run groups themselves.
            if insideRuns, try base.contains("overview/" + ResultsIndex.name) {
                try base.removeLink("overview/" + ResultsIndex.name)
            }
        } catch {
            throw StorageError.wrapping(error, path: path, trajectoryCode: .invalidFile)
        }
    }

    /// Refuses to delete a group with items below it without `recursive`.
    private func checkDeletable(_ fullName: String, target: String, in base: HDF5Group, recursive: Bool) throws {
        guard !recursive, try base.linkKind(target) == .group else { return }
        let group = try base.openGroup(target)
        // A leaf (result or derived parameter: pypet's SRVC_LEAF mark) is a group of items; a group of
        // leaves needs `recursive`.
        let isLeaf = (try? group.attributeNames().contains("SRVC_LEAF")) == true
        if !isLeaf, try !group.linkNames().isEmpty {
            throw StorageError(
                code: .unsupported, message: "'\(fullName)' is a group with items below it; delete it recursively", file: path, item: fullName)
        }
    }

    /// Deletes `fullName` below `results` of a columns-layout file: its groups (if any) and its rows of the
    /// results index; then the results table is rebuilt.
    private func deleteIndexed(_ fullName: String, target: String, in base: HDF5Group, recursive: Bool, trajectory: String) throws {
        var entries = ResultsIndex.read(base)
        let prefix = fullName + "."
        var removed = 0, below = 0
        for (index, entry) in entries {
            let kept = entry.leaves.filter { $0.fullName != fullName && !$0.fullName.hasPrefix(prefix) }
            guard kept.count != entry.leaves.count else { continue }
            removed += entry.leaves.count - kept.count
            below += entry.leaves.filter { $0.fullName.hasPrefix(prefix) }.count
            if kept.isEmpty { entries[index] = nil } else { entries[index]?.leaves = kept }
        }
        let exists = try base.contains(target)
        guard exists || removed > 0 else {
            throw StorageError(code: .notFound, message: "no item '\(fullName)' in trajectory '\(trajectory)'", file: path, item: fullName)
        }
        if !recursive, below > 0 {
            throw StorageError(
                code: .unsupported, message: "'\(fullName)' is a group with items below it; delete it recursively", file: path, item: fullName)
        }
        if exists {
            try checkDeletable(fullName, target: target, in: base, recursive: recursive)
            try base.removeLink(target)
        }
        guard removed > 0 else { return }
        let rows = ResultsIndexRows(entries: entries)
        try ResultsIndex.rewrite(rows, into: base)
        try ResultsTable.store(try ResultsTable.runValues(in: base), into: base, rows: rows)
    }

    /// Rewrites the file with only what it links to (h5repack's compaction, through libhdf5's object
    /// copy): space freed by deleted items is given back. The new file replaces the old one only once it
    /// is complete. Returns the sizes in bytes before and after.
    @discardableResult
    public func repack() throws(StorageError) -> (before: Int, after: Int) {
        let temporary = path + ".repack"
        let before = Self.size(of: path)
        do {
            try? FileManager.default.removeItem(atPath: temporary)
            let source = try HDF5File.open(path, format: .v18)
            do {
                let target = try HDF5File.create(temporary, ifExists: .truncate, format: .v18)
                do {
                    for name in try source.root.linkNames() { try target.root.copy(name, of: source.root, to: name) }
                    for attribute in try source.root.attributeNames() {
                        try target.root.setAttribute(attribute, try source.root.attribute(attribute))
                    }
                    try target.close()
                } catch {
                    try? target.close()
                    throw error
                }
                try source.close()
            } catch {
                try? source.close()
                throw error
            }
            guard rename(temporary, path) == 0 else { throw StorageError(code: .invalidFile, message: "cannot replace the file with its repacked copy", file: path) }
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw StorageError.wrapping(error, path: path, trajectoryCode: .invalidFile)
        }
        return (before, Self.size(of: path))
    }

    private static func size(of path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
    }
}
