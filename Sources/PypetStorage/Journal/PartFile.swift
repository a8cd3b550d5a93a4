import Foundation
import HDF5
import PypetCore
#if canImport(Glibc)
import Glibc
#endif

/// Sealed part files: `<file>.parts/part_s<sequence>.records`, each holding the records committed since the
/// previous checkpoint. Parts are internal (only recovery, status and the merge read them): a part is the
/// journal's framed records (magic, length, CRC-32, compact binary; in commit order, copied from the
/// journal segments as they are) behind a header of its own (magic `PPPART02`, the trajectory's run length as a
/// little-endian Int64). The merge writes pypet's per-run groups from them, once. A part is written as
/// `.tmp`, closed and renamed: once it has its final name it is complete and never written again.
///
/// Parts of earlier versions (`part_<first run>.h5`, HDF5 files in pypet's layout with an `overview/runs`
/// table) are still read and merged, so a search interrupted before an update resumes after it.
enum PartFile {
    static func directory(for path: String) -> String { path + ".parts" }

    static let magic: [UInt8] = Array("PPPART02".utf8)
    static let recordsSuffix = ".records"
    static let legacySuffix = ".h5"
    static let headerSize = 16

    /// Seals the records of the journal `segments` (oldest first, as the run store rotated them) into a new
    /// part named after the first segment's sequence number (`part_s00000003.records`), so that parts
    /// sort in commit order, after any part of an earlier version; returns its path. The segments' frames
    /// are taken as they are: nothing is decoded or encoded again.
    @discardableResult
    static func seal(segments: [String], length: Int, finalPath: String, durability: Durability) throws -> String {
        let directory = directory(for: finalPath)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let sequence = segments.first.flatMap { Int(($0 as NSString).lastPathComponent.dropFirst("journal_".count)) } ?? lastSequence(for: finalPath) + 1
        let name = sequenceName(sequence)
        let temporary = directory + "/" + name + recordsSuffix + ".tmp"
        let final = directory + "/" + name + recordsSuffix
        var bytes = magic
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: Int64(length) >> Int64(shift))) }
        for segment in segments {
            guard let frames = Journal.readFile(segment) else { throw Journal.systemError("cannot read the journal segment", segment) }
            // A segment is a journal renamed after complete writes; its valid frames are all of it.
            bytes += frames[0..<Journal.validLength(frames)]
        }
        do {
            try writeFile(bytes, to: temporary, sync: durability == .power)
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
        guard rename(temporary, final) == 0 else { throw Journal.systemError("cannot rename the sealed part", final) }
        if durability == .power { try syncFile(directory) }
        return final
    }

    /// The part name for a sequence number: `part_s00000003`.
    static func sequenceName(_ sequence: Int) -> String {
        // The number as its journal segment writes it (`journal_00000003`).
        "part_s" + RunStore.segmentName(sequence).dropFirst("journal_".count)
    }

    /// The highest sequence number of the sealed parts of `finalPath` (0 when none).
    static func lastSequence(for finalPath: String) -> Int {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory(for: finalPath))) ?? []
        return names.compactMap { name -> Int? in
            guard name.hasPrefix("part_s"), name.hasSuffix(recordsSuffix) else { return nil }
            return Int(name.dropFirst("part_s".count).dropLast(recordsSuffix.count))
        }.max() ?? 0
    }

    /// Writes `bytes` to a new file at `path` (replacing one there), with `fsync` when `sync` is set.
    private static func writeFile(_ bytes: [UInt8], to path: String, sync: Bool) throws(StorageError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw Journal.systemError("cannot create the part", path) }
        defer { close(descriptor) }
        try Journal.writeAll(bytes, to: descriptor, path: path, what: "the part")
        if sync, fsync(descriptor) != 0 { throw Journal.systemError("fsync failed", path) }
    }

    /// Whether the part at `path` is an HDF5 part of an earlier version.
    static func isLegacy(_ path: String) -> Bool { path.hasSuffix(legacySuffix) }

    /// The run length and every record of the part at `path` (not a legacy part), checked frame by frame.
    static func records(_ path: String, only positions: Set<Int>? = nil) throws -> (length: Int, records: [RunRecord]) {
        guard let bytes = Journal.readFile(path) else {
            throw StorageError(code: .notFound, message: "the sealed part cannot be read", file: path)
        }
        guard bytes.count >= headerSize, Array(bytes[0..<magic.count]) == magic else {
            throw StorageError(code: .invalidFile, message: "the sealed part has no part header; it is not a swift-pypet part", file: path)
        }
        var length: Int64 = 0
        for index in 0..<8 { length |= Int64(bytes[magic.count + index]) << Int64(8 * index) }
        let parsed = Journal.parse(bytes, from: headerSize, only: positions)
        guard parsed.validLength == parsed.totalLength else {
            throw StorageError(
                code: .invalidFile,
                message: "the sealed part is damaged after \(parsed.records.count) records (a checksum does not match): restore it from a backup, or delete it to drop its runs",
                file: path)
        }
        return (Int(max(0, length)), parsed.records)
    }

    /// The sealed parts next to `finalPath`, in run order.
    static func sealed(for finalPath: String) -> [String] {
        let directory = directory(for: finalPath)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasPrefix("part_") && ($0.hasSuffix(recordsSuffix) || $0.hasSuffix(legacySuffix)) }.sorted()
            .map { directory + "/" + $0 }
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
        /// The status of every run in the part, in record order.
        var records = RunStatusColumns()
        /// The run length the part recorded.
        var length = 0
        /// Expansion records, in commit order.
        var expansions: [RunRecord] = []
        /// The runs' return values, in the part's order (a later one of a run replaces an earlier one).
        var values: [(index: Int, value: PypetValue)] = []
        /// Full names of the trajectory's own leaves (outside run groups) below `results`, when asked for.
        var trajectoryLeaves: [String] = []
        /// The runs' results index rows (``ResultsIndexRows``), a group per indexed record in the part's order.
        var indexRows = ResultsIndexRows()
        /// Every run record with results, in the part's order, with whether the index holds all of them.
        var heldResults: [(index: Int, held: Bool)] = []
        /// The positions (in the part's order) of the records with results or derived parameters, and of
        /// those with any the index does not hold (trajectory records, runs the index cannot hold, derived
        /// parameters): the records the merge decodes again to write groups, in either layout.
        var leafPositions: [Int] = [], leafPositionsBesidesIndex: [Int] = []
        /// The runs a pruner stopped, with the step (parts sealed before pruning existed have none).
        var prunedSteps: [Int: Int] = [:]
        /// Records holding the rows runs appended to shared tables (only those leaves).
        var sharedRows: [RunRecord] = []
    }

    /// What a sealed part says besides its leaves: statuses, expansions, return values, index entries,
    /// shared rows (and, with `leafNames`, the names of its trajectory leaves). `forMerge` gathers what
    /// the merge needs (values, index entries) as well; a status report does without.
    static func read(_ path: String, leafNames: Bool = false, forMerge: Bool = false) throws -> Contents {
        if isLegacy(path) { return try readLegacy(path, leafNames: leafNames) }
        let (length, records) = try records(path)
        return contents(of: records, length: length, leafNames: leafNames, forMerge: forMerge)
    }

    /// The ``Contents`` of `records` (a part's, or the journal's): each record decoded once.
    static func contents(of records: [RunRecord], length: Int, leafNames: Bool, forMerge: Bool) -> Contents {
        var contents = Contents()
        contents.length = length
        for (position, record) in records.enumerated() {
            let shared = record.leaves.filter { $0.kind == .sharedRows }
            if !shared.isEmpty {
                contents.sharedRows.append(RunRecord(index: record.index, status: record.status, started: record.started, finished: record.finished, leaves: shared))
            }
            let hasLeaves = record.leaves.contains { $0.kind == .result || $0.kind == .derivedParameter }
            if hasLeaves { contents.leafPositions.append(position) }
            if record.isTrajectoryRecord {
                if record.leaves.contains(where: { $0.kind == .exploration }) { contents.expansions.append(record) }
                if leafNames { contents.trajectoryLeaves += record.leaves.filter { $0.kind != .exploration }.map(\.fullName) }
                if hasLeaves { contents.leafPositionsBesidesIndex.append(position) }
                continue
            }
            contents.records.append(index: record.index, status: record.status, started: record.started, finished: record.finished)
            if let step = record.prunedStep, record.status == .completed { contents.prunedSteps[record.index] = step }
            guard forMerge else { continue }
            if let value = record.value { contents.values.append((record.index, value)) }
            let held = contents.indexRows.append(record)
            if record.leaves.contains(where: { $0.kind == .result }) { contents.heldResults.append((record.index, held == true)) }
            if hasLeaves, held != true || record.leaves.contains(where: { $0.kind == .derivedParameter }) {
                contents.leafPositionsBesidesIndex.append(position)
            }
        }
        return contents
    }

    /// Reads an HDF5 part of an earlier version: its overview tables, expansion and value records (and,
    /// with `leafNames`, the names of its trajectory leaves).
    private static func readLegacy(_ path: String, leafNames: Bool) throws -> Contents {
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
            contents.records.append(
                index: Int(indices[row]), status: completed[row] == 1 ? .completed : .failed(messages[row]),
                started: started[row], finished: finished[row])
        }
        if case .int(let steps)? = try? overview.openTable("runs").readColumns(["pruned_step"])["pruned_step"] {
            for row in steps.indices where row < indices.count && steps[row] >= 0 { contents.prunedSteps[Int(indices[row])] = Int(steps[row]) }
        }
        contents.expansions = try frames(in: overview, dataset: "expansions")
        contents.sharedRows = try frames(in: overview, dataset: "shared_rows")
        contents.values = try frames(in: overview, dataset: "run_values").compactMap { record in record.value.map { (record.index, $0) } }
        for record in try frames(in: overview, dataset: ResultsIndex.name) { contents.indexRows.append(record) }
        // Its leaves are copied object by object (copyLeaves), in either layout.
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

    /// Copies the run leaves of the legacy (HDF5) part at `path` into `destination` (the trajectory's group in the
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
