import Foundation
import HDF5
import PypetCore
#if canImport(Glibc)
import Glibc
#endif

/// Sealed part files: `<file>.parts/part_<first run>.h5`, each holding the runs committed since the
/// previous checkpoint in pypet's layout plus an `overview/runs` table of their status. A part is written
/// as `.h5.tmp`, closed, and renamed: once it has its final name it is complete and never written again.
enum PartFile {
    static func directory(for path: String) -> String { path + ".parts" }

    /// Writes `records` into a new part file and returns its path.
    @discardableResult
    static func seal(
        _ records: [RunRecord], trajectoryName: String, length: Int, finalPath: String, durability: Durability
    ) throws -> String {
        let directory = directory(for: finalPath)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let first = max(0, records.filter { !$0.isTrajectoryRecord }.map(\.index).min() ?? 0)
        var name = "part_" + NodeName.run(first).dropFirst(4)
        var sequence = 0
        while FileManager.default.fileExists(atPath: directory + "/" + name + ".h5") {
            sequence += 1
            name = "part_" + NodeName.run(first).dropFirst(4) + "_\(sequence)"
        }
        let temporary = directory + "/" + name + ".h5.tmp"
        let final = directory + "/" + name + ".h5"
        let file = try HDF5File.create(temporary, ifExists: .truncate, format: .v18)
        do {
            let base = try file.root.createGroup(trajectoryName)
            // Run order, not finishing order: the part (and the merged file) do not depend on scheduling.
            let records = records.sorted { $0.index < $1.index }
            try writeLeaves(records, into: base)
            let overview = try base.createGroup("overview")
            try overview.createTable("info", columns: [HDF5Column("length", .int64)], options: .extendible(chunkRows: 1))
                .append(["length": .int(Int64(length))])
            // Failure messages as fixed-length UTF-8 strings as wide as the longest (no global heap
            // objects per row).
            let messageWidth = max(1, records.map { if case .failed(let text) = $0.status { text.utf8.count } else { 0 } }.max() ?? 1)
            let runs = try overview.createTable("runs", columns: [
                HDF5Column("idx", .int64), HDF5Column("completed", .int32), HDF5Column("timestamp", .float64),
                HDF5Column("finish_timestamp", .float64), HDF5Column("message", .string(length: messageWidth)),
                HDF5Column("pruned_step", .int64),
            ], options: .extendible(chunkRows: max(1, records.count)))
            // (A part of trajectory records only has an empty runs table.)
            // Expansions are kept as journal frames (lossless for any value type), applied again on merge.
            let expansions = records.filter { $0.leaves.contains { $0.kind == .exploration } }
            if !expansions.isEmpty {
                let frames = Journal.frames(expansions.lazy.map { $0.encoded() })
                try overview.createDataset("expansions", values: frames, shape: [frames.count])
            }
            // Rows for shared tables, as journal frames of records holding only those leaves: the merge
            // sets them into the trajectory's shared tables (in run order) before writing the final file.
            let shared = records.compactMap { record -> RunRecord? in
                let leaves = record.leaves.filter { $0.kind == .sharedRows }
                return leaves.isEmpty ? nil : RunRecord(index: record.index, status: record.status, started: record.started, finished: record.finished, leaves: leaves)
            }
            if !shared.isEmpty {
                let frames = Journal.frames(shared.lazy.map { $0.encoded() })
                try overview.createDataset("shared_rows", values: frames, shape: [frames.count])
            }
            let frames = valueFrames(records)
            if !frames.isEmpty { try overview.createDataset("run_values", values: frames, shape: [frames.count]) }
            let index = ResultsIndex.frames(records)
            if !index.isEmpty { try overview.createDataset(ResultsIndex.name, values: index, shape: [index.count]) }
            let runRecords = records.filter { !$0.isTrajectoryRecord }
            if !runRecords.isEmpty {
                try runs.append(columns: [
                    "idx": .int(runRecords.map { Int64($0.index) }),
                    "completed": .int(runRecords.map { $0.status == .completed ? 1 : 0 }),
                    "timestamp": .double(runRecords.map(\.started)), "finish_timestamp": .double(runRecords.map(\.finished)),
                    "message": .string(runRecords.map { if case .failed(let text) = $0.status { text } else { "" } }),
                    // The step a pruner stopped the run at, -1 when it was not pruned (see RunRecord.prunedStep).
                    "pruned_step": .int(runRecords.map { Int64($0.prunedStep ?? -1) }),
                ])
            }
            try file.close()
        } catch {
            try? file.close()
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
        if durability == .power { try syncFile(temporary) }
        guard rename(temporary, final) == 0 else { throw Journal.systemError("cannot rename the sealed part", final) }
        if durability == .power { try syncFile(directory) }
        return final
    }

    /// Writes every record's leaves in pypet's layout, each through its parent group's handle.
    private static func writeLeaves(_ records: [RunRecord], into base: HDF5Group) throws {
        // Branch and bucket groups (two levels) stay open for the whole part; deeper groups (a run's
        // group and below) only while that run's leaves are written: every open object slows libhdf5's
        // identifier lookups and pins its metadata.
        var shared: [String: HDF5Group] = [:]
        var current: [String: HDF5Group] = [:]
        var currentRun: ArraySlice<String> = []
        var written = Set<String>()
        func group(_ components: ArraySlice<String>) throws -> HDF5Group {
            guard let last = components.last else { return base }
            let key = components.joined(separator: ".")
            if components.count <= 2 {
                if let cached = shared[key] { return cached }
            } else {
                let run = components.prefix(3)
                if run != currentRun {
                    current.removeAll()
                    currentRun = run
                }
                if let cached = current[key] { return cached }
            }
            let parent = try group(components.dropLast())
            let created: HDF5Group
            if components.count <= 2 {
                created = try parent.contains(last) ? try parent.openGroup(last) : try parent.createGroup(last)
                shared[key] = created
            } else {
                // A run's group is new in a part unless a run came twice: create first, open if it exists.
                do throws(HDF5Error) {
                    created = try parent.createGroup(last)
                } catch {
                    guard error.code == .alreadyExists else { throw error }
                    created = try parent.openGroup(last)
                }
                current[key] = created
            }
            return created
        }
        for record in records {
            for leaf in record.leaves where leaf.kind != .exploration && leaf.kind != .sharedRows && written.insert(leaf.fullName).inserted {
                let components = leaf.fullName.split(separator: ".").map(String.init)
                guard let name = components.last else { continue }
                let parent = try group(components.dropLast()[...])
                let node = try parent.createGroup(name)
                try node.setAttribute(Layout.className, .string(leaf.kind == .result ? "Result" : "Parameter"))
                try node.setAttribute(Layout.leaf, .bool(true))
                if !leaf.comment.isEmpty { try node.setAttribute(Layout.comment, .string(leaf.comment)) }
                switch leaf.kind {
                case .result:
                    let writer = ResultItemWriter(group: node, options: .init())
                    for item in leaf.items {
                        try writer.write(item.value, named: item.name, item: leaf.fullName + "." + item.name)
                    }
                case .derivedParameter:
                    guard let value = leaf.items.first?.value else { continue }
                    let column = try ParameterColumn(for: [value], item: leaf.fullName)
                    try TrajectoryWriter.makeTable(node, "data", column).append(["data": try column.cell(value, item: leaf.fullName)])
                case .exploration, .sharedRows:
                    continue
                }
            }
        }
    }

    /// The sealed parts next to `finalPath`, in run order.
    static func sealed(for finalPath: String) -> [String] {
        let directory = directory(for: finalPath)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasPrefix("part_") && $0.hasSuffix(".h5") }.sorted().map { directory + "/" + $0 }
    }

    /// Deletes unfinished `.tmp` parts (a crash during sealing); returns how many.
    @discardableResult
    static func removeTemporaries(for finalPath: String) -> Int {
        let directory = directory(for: finalPath)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        var removed = 0
        for name in names where name.hasSuffix(".tmp") {
            if (try? FileManager.default.removeItem(atPath: directory + "/" + name)) != nil { removed += 1 }
        }
        return removed
    }

    /// What a sealed part says besides its leaves, read with one open of the file.
    struct Contents {
        /// The status of every run in the part (no leaves).
        var records: [RunRecord] = []
        /// The run length the part recorded.
        var length = 0
        /// Expansion records, in commit order.
        var expansions: [RunRecord] = []
        /// The runs' return values as the part holds them (framed records, in run order): the merge
        /// takes the frames as they are, one per run, in run order.
        var valueFrames: [UInt8] = []
        /// Full names of the trajectory's own leaves (outside run groups) below `results`, when asked for.
        var trajectoryLeaves: [String] = []
        /// The part's results index (framed records, see ``ResultsIndex``).
        var indexFrames: [UInt8] = []
        /// The runs a pruner stopped, with the step (parts sealed before pruning existed have none).
        var prunedSteps: [Int: Int] = [:]
        /// Records holding the rows runs appended to shared tables (only those leaves).
        var sharedRows: [RunRecord] = []
    }

    /// Reads a sealed part's overview tables, expansion and value records (and, with `leafNames`, the
    /// names of its trajectory leaves).
    static func read(_ path: String, leafNames: Bool = false) throws -> Contents {
        let file = try HDF5File.open(path)
        defer { try? file.close() }
        var contents = Contents()
        guard let name = try file.root.linkNames().first else { return contents }
        let base = try file.root.openGroup(name)
        let overview = try base.openGroup("overview")
        contents.length = Int(try overview.openTable("info").row(0)["length"]?.intValue ?? 0)
        let columns = try overview.openTable("runs").readColumns(["idx", "completed", "timestamp", "finish_timestamp", "message"])
        guard case .int(let indices)? = columns["idx"], case .int(let completed)? = columns["completed"],
            case .double(let started)? = columns["timestamp"], case .double(let finished)? = columns["finish_timestamp"],
            case .string(let messages)? = columns["message"]
        else { throw StorageError(code: .invalidFile, message: "the part's runs table has unexpected columns", file: path) }
        contents.records.reserveCapacity(indices.count)
        for row in indices.indices where indices[row] >= 0 {
            contents.records.append(RunRecord(
                index: Int(indices[row]), status: completed[row] == 1 ? .completed : .failed(messages[row]),
                started: started[row], finished: finished[row]))
        }
        if case .int(let steps)? = try? overview.openTable("runs").readColumns(["pruned_step"])["pruned_step"] {
            for row in steps.indices where row < indices.count && steps[row] >= 0 { contents.prunedSteps[Int(indices[row])] = Int(steps[row]) }
        }
        contents.expansions = try frames(in: overview, dataset: "expansions")
        contents.sharedRows = try frames(in: overview, dataset: "shared_rows")
        contents.valueFrames = try framedBytes(in: overview, dataset: "run_values")
        contents.indexFrames = try framedBytes(in: overview, dataset: ResultsIndex.name)
        if leafNames, try base.contains("results") {
            func walk(_ group: HDF5Group, _ prefix: String) throws {
                for (child, kind) in try group.links() where kind == .group && child != "runs" && !child.hasPrefix("run_set_") {
                    let node = try group.openGroup(child)
                    if try node.hasAttribute(Layout.leaf) {
                        contents.trajectoryLeaves.append(prefix + child)
                    } else {
                        try walk(node, prefix + child + ".")
                    }
                }
            }
            try walk(try base.openGroup("results"), "results.")
        }
        try file.close()
        return contents
    }

    /// The runs' return values as journal frames of minimal records (index and value only).
    static func valueFrames(_ records: [RunRecord]) -> [UInt8] {
        Journal.frames(records.lazy.filter { !$0.isTrajectoryRecord && $0.value != nil }.map { record in
            RunRecord(index: record.index, status: .completed, started: 0, finished: 0, value: record.value).encoded()
        })
    }

    /// The return values recorded in the dataset `name` of `group` (frames), by run index.
    static func values(in group: HDF5Group, dataset name: String = "run_values") throws -> [Int: PypetValue] {
        var values: [Int: PypetValue] = [:]
        for record in try frames(in: group, dataset: name) { values[record.index] = record.value }
        return values
    }

    /// The records framed (as in the journal) in the byte dataset `name` of `group`; none when it is missing.
    static func frames(in group: HDF5Group, dataset name: String) throws -> [RunRecord] {
        let bytes = try byteDataset(name, in: group)
        let parsed = Journal.parse(bytes)
        guard parsed.validLength == bytes.count else { throw damaged(name) }
        return parsed.records
    }

    /// The bytes of the framed byte dataset `name` of `group`, checked record by record; empty when it is
    /// missing.
    static func framedBytes(in group: HDF5Group, dataset name: String) throws -> [UInt8] {
        let bytes = try byteDataset(name, in: group)
        guard Journal.validLength(bytes) == bytes.count else { throw damaged(name) }
        return bytes
    }

    /// Merges framed `frames` into the byte dataset `name` in the `overview` group of the trajectory group
    /// `base`, creating both when missing (an extendible dataset, so later merges rewrite it): one frame
    /// per run, a later one (of `frames`) replacing an earlier one, in run order. The dataset then holds
    /// the same bytes however the runs were merged (in one go, or over resumes and crashes).
    static func mergeFrames(_ frames: [UInt8], dataset name: String, into base: HDF5Group) throws {
        guard !frames.isEmpty else { return }
        let overview = try base.requireGroup("overview")
        let exists = try overview.contains(name)
        let stored = exists ? try framedBytes(in: overview, dataset: name) : []
        var byRun: [Int: [UInt8]] = [:]
        for (index, frame) in Journal.indexedFrames(stored + frames) { byRun[index] = frame }
        let merged = byRun.keys.sorted().flatMap { byRun[$0] ?? [] }
        if exists {
            let dataset = try overview.openDataset(name)
            try dataset.resize(to: [merged.count])
            try dataset.write(merged)
        } else {
            try overview.createDataset(name, values: merged, shape: [merged.count], options: .extendible(chunkRows: 65536))
        }
    }

    /// The bytes of the dataset `name` of `group`; none when it is missing.
    private static func byteDataset(_ name: String, in group: HDF5Group) throws -> [UInt8] {
        guard try group.contains(name) else { return [] }
        return try group.openDataset(name).read(as: UInt8.self)
    }

    private static func damaged(_ name: String) -> StorageError {
        StorageError(code: .invalidFile, message: "the records in '\(name)' are damaged", item: name)
    }

    /// Copies the run leaves of the sealed part at `path` into `destination` (the trajectory's group in the
    /// file being merged), object by object with `H5Ocopy`: whole run groups where the destination has
    /// none yet, single leaves where it already has some of the run (records also in the journal).
    static func copyLeaves(from path: String, into destination: HDF5Group) throws {
        let file = try HDF5File.open(path)
        defer { try? file.close() }
        guard let name = try file.root.linkNames().first else { return }
        let source = try file.root.openGroup(name)
        for branch in ["results", "derived_parameters"] where try source.contains(branch) {
            try merge(try source.openGroup(branch), into: try destination.requireGroup(branch))
        }
        try file.close()
    }

    private static func merge(_ source: HDF5Group, into destination: HDF5Group) throws {
        for (name, kind) in try source.links() {
            guard try destination.contains(name) else {
                try destination.copy(name, of: source, to: name)
                continue
            }
            // Both exist: descend through groups that are not leaves (a leaf's items are never split).
            guard kind == .group else { continue }
            let child = try source.openGroup(name)
            if try child.hasAttribute(Layout.leaf) { continue }
            try merge(child, into: try destination.openGroup(name))
        }
    }

    static func syncFile(_ path: String) throws {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw Journal.systemError("cannot open for fsync", path) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw Journal.systemError("fsync failed", path) }
    }
}
