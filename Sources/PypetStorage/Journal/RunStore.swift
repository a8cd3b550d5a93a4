import Foundation
import HDF5
package import PypetCore
#if canImport(Glibc)
import Glibc
#endif

/// The single writer of a trajectory's file while runs execute, with crash-proof commits.
///
/// - A finished run is committed by ``commit(_:)``: one record appended to `<file>.journal`. When it
///   returns, the run counts as completed; a crash afterwards loses nothing.
/// - Checkpoints (every `checkpointRuns` commits, every `checkpointSeconds`, and on demand with
///   ``checkpoint()``) seal the runs since the previous one into `<file>.parts/part_s<sequence>.records`
///   (the journal segments' frames, copied; write, close, rename). The journal is first renamed to a
///   segment (`<file>.parts/journal_<sequence>`) and a fresh one takes the next commits, so the part is
///   written on a thread of its own while runs continue; the segment is deleted once the part is renamed.
///   One seal runs at a time: a checkpoint waits for the previous seal, and ``close()`` for the last.
/// - ``finish(path:trajectory:options:durability:)`` merges the final file, the parts and the journal
///   into a new `<file>.tmp` (each run's groups written once, in the layout the options ask for), renames
///   it over `<file>`, and deletes parts and journal.
/// - Opening a store recovers from any crash: it deletes `*.tmp` files and cuts a torn journal tail.
///   No file that may be half written is ever opened.
package actor RunStore {
    /// The final HDF5 file.
    package nonisolated let path: String
    /// The trajectory whose runs are stored.
    package nonisolated let trajectoryName: String
    /// The protection of each commit.
    package nonisolated let durability: Durability
    let checkpointRuns: Int
    let checkpointSeconds: Double
    private var journal: Journal?
    /// How many records the journal and its segments hold since the last checkpoint (the records
    /// themselves stay on disk: a part is sealed from the segments' bytes).
    private var pending: Int
    /// Journal segments holding records not sealed yet (left by a crash, or rotated at a checkpoint).
    private var segments: [String]
    private var nextSegment: Int
    private let sealer = PartSealer()
    private var lastCheckpoint: ContinuousClock.Instant
    private var length: Int

    /// Opens the store for `path`, recovering from an earlier crash, and keeps the journal's records
    /// for the next checkpoint.
    package init(
        path: String, trajectoryName: String, length: Int, durability: Durability = .process,
        checkpointRuns: Int = 100, checkpointSeconds: Double = 10
    ) throws(StorageError) {
        self.path = path
        self.trajectoryName = trajectoryName
        self.durability = durability
        self.checkpointRuns = max(1, checkpointRuns)
        self.checkpointSeconds = checkpointSeconds
        self.length = length
        try Self.recover(path: path)
        segments = Self.journalSegments(path)
        // Segments and parts share one sequence: a part is named after its first segment, so parts sort
        // in commit order.
        nextSegment = max(segments.compactMap { Int($0.split(separator: "_").last ?? "") }.max() ?? 0, PartFile.lastSequence(for: path)) + 1
        pending = Self.journalRecords(path).records.count
        journal = try Journal(path: Self.journalPath(path), durability: durability)
        lastCheckpoint = ContinuousClock.now
    }

    deinit {
        // A store dropped without close() lets its last seal finish, so that nothing later in this process
        // meets a part being renamed or a segment being deleted.
        try? sealer.wait()
    }

    /// Commits a finished (or failed) run: when this returns, the run is durable.
    package func commit(_ record: RunRecord) throws(StorageError) {
        try commit([record])
    }

    /// Commits several runs with one journal write (group commit): when this returns, all are durable;
    /// when it throws, none counts as committed.
    package func commit(_ records: [RunRecord]) throws(StorageError) {
        guard let journal else { throw StorageError(code: .invalidFile, message: "the store was closed", file: path) }
        guard !records.isEmpty else { return }
        try journal.append(records)
        pending += records.count
        if pending >= checkpointRuns || ContinuousClock.now - lastCheckpoint >= .seconds(checkpointSeconds) {
            try checkpoint()
        }
    }

    /// Tells the store how many runs are explored (after an expansion), recorded in the next part.
    package func setLength(_ length: Int) {
        self.length = max(self.length, length)
    }

    /// Seals the runs committed since the last checkpoint into a part file and empties the journal.
    package func checkpoint() throws(StorageError) {
        lastCheckpoint = ContinuousClock.now
        guard pending > 0, journal != nil else { return }
        try sealer.wait()
        let segment = try rotateJournal()
        segments.append(segment)
        sealer.start(segments: segments, length: length, finalPath: path, durability: durability)
        pending = 0
        segments.removeAll()
    }

    /// Waits until the part of every checkpoint so far is sealed (renamed into the parts directory);
    /// throws a failure of any of those seals. Committed runs are durable without it: until its part is
    /// sealed, a run's record stays in a journal segment.
    package func waitUntilSealed() throws(StorageError) {
        try sealer.wait()
    }

    /// Seals what is pending, waits until every part is sealed, and closes the journal.
    package func close() throws(StorageError) {
        try checkpoint()
        try sealer.wait()
        journal = nil
    }

    /// Renames the journal to the next segment in the parts directory and opens a fresh journal; returns
    /// the segment's path.
    private func rotateJournal() throws(StorageError) -> String {
        let directory = PartFile.directory(for: path)
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw StorageError(code: .invalidFile, message: "cannot create the parts directory: \(error)", file: directory)
        }
        let segment = directory + "/" + Self.segmentName(nextSegment)
        nextSegment += 1
        journal = nil
        guard rename(Self.journalPath(path), segment) == 0 else {
            let error = Journal.systemError("cannot rotate the journal", segment)
            journal = try Journal(path: Self.journalPath(path), durability: durability)
            throw error
        }
        journal = try Journal(path: Self.journalPath(path), durability: durability)
        if durability == .power {
            let parent = (path as NSString).deletingLastPathComponent
            do {
                try PartFile.syncFile(directory)
                try PartFile.syncFile(parent.isEmpty ? "." : parent)
            } catch {
                throw StorageError.wrapping(error, path: path)
            }
        }
        return segment
    }

    // MARK: Files

    static func journalPath(_ path: String) -> String { path + ".journal" }

    static func segmentName(_ sequence: Int) -> String {
        let digits = String(sequence)
        return "journal_" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
    }

    /// The journal segments of `path` (rotated journals whose part was not sealed yet), oldest first.
    static func journalSegments(_ path: String) -> [String] {
        let directory = PartFile.directory(for: path)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasPrefix("journal_") && Int($0.dropFirst(8)) != nil }
            .sorted { (Int($0.dropFirst(8)) ?? 0) < (Int($1.dropFirst(8)) ?? 0) }
            .map { directory + "/" + $0 }
    }

    /// The records of every journal segment, then of the journal, in commit order; the valid and total
    /// lengths are the journal's (only its tail can be torn).
    ///
    /// The journal is read before the segments, and a reader of parts reads them after this: a writer
    /// renames the journal to a segment, then seals the segment's part, then deletes the segment, so a
    /// record that moves while this runs is seen twice at worst, never missed.
    static func journalRecords(_ path: String) -> (records: [RunRecord], validLength: Int, totalLength: Int) {
        let live = Journal.read(journalPath(path))
        let older = journalSegments(path).flatMap { Journal.read($0).records }
        return (older + live.records, live.validLength, live.totalLength)
    }

    /// Deletes unfinished temporary files and cuts a torn journal tail. Safe to call at any time when no
    /// writer runs.
    package static func recover(path: String) throws(StorageError) {
        PartFile.removeTemporaries(for: path)
        try? FileManager.default.removeItem(atPath: path + ".tmp")
        for journal in journalSegments(path) + [journalPath(path)] where FileManager.default.fileExists(atPath: journal) {
            try Journal.recover(journal)
        }
    }

    /// Deletes the file at `path` with everything the run store keeps beside it (journal, parts,
    /// temporary merge file), to start a trajectory file afresh. Missing pieces are fine.
    package static func removeFiles(path: String) throws(StorageError) {
        // A worker process re-executes the program up to the environment's run call; the file is its parent's.
        guard !ProcessRole.isWorker else { return }
        for leftover in [path, journalPath(path), PartFile.directory(for: path), path + ".tmp"]
        where FileManager.default.fileExists(atPath: leftover) {
            do {
                try FileManager.default.removeItem(atPath: leftover)
            } catch {
                throw StorageError(code: .invalidFile, message: "cannot delete: \(error)", file: leftover)
            }
        }
    }

    /// Which runs completed, failed or are missing, from the final file, the parts and the journal alone.
    package static func status(path: String) throws(StorageError) -> RunStatusReport {
        var report = RunStatusReport(length: nil, completed: [], failed: [:], parts: 0, journalRecords: 0, tornJournalBytes: 0)
        // Journal first, parts after (see journalRecords): a concurrent checkpoint cannot hide a run.
        let journal = journalRecords(path)
        var pendingLeaves: [String] = []
        // Completed runs as a bitmap by run index: a million runs cost a million bytes, no hashing. An index
        // beyond any real sweep (a damaged record) goes to a set instead of growing the bitmap.
        var completed: [Bool] = []
        var farCompleted = Set<Int>()
        let bitmapLimit = 1 << 28
        func isCompleted(_ index: Int) -> Bool {
            index < completed.count ? completed[index] : farCompleted.contains(index)
        }
        func note(_ index: Int, _ status: RunRecord.Status) {
            guard index >= 0 else { return }
            switch status {
            case .completed:
                if index >= bitmapLimit {
                    farCompleted.insert(index)
                } else {
                    if index >= completed.count {
                        completed += [Bool](repeating: false, count: min(max(index + 1 - completed.count, completed.count), bitmapLimit - completed.count))
                    }
                    completed[index] = true
                }
                if !report.failed.isEmpty { report.failed[index] = nil }
            case .failed(let message): if !isCompleted(index) { report.failed[index] = message }
            }
        }
        do {
            if FileManager.default.fileExists(atPath: path) {
                let stored = try storedRuns(path)
                report.length = stored.length
                for (index, status) in stored.statuses { note(index, status) }
                report.pruned = stored.pruned
            }
            let parts = PartFile.sealed(for: path)
            report.parts = parts.count
            for part in parts {
                let contents = try PartFile.read(part, leafNames: true)
                report.length = max(report.length ?? 0, contents.length)
                for record in contents.records { note(record.index, record.status) }
                report.pruned.merge(contents.prunedSteps) { _, part in part }
                pendingLeaves += contents.trajectoryLeaves
            }
        } catch {
            throw StorageError.wrapping(error, path: path)
        }
        for record in journal.records where record.isTrajectoryRecord {
            pendingLeaves += record.leaves.filter { $0.kind != .exploration }.map(\.fullName)
        }
        report.pendingTrajectoryLeaves = pendingLeaves
        report.journalRecords = journal.records.count
        report.tornJournalBytes = journal.totalLength - journal.validLength
        for record in journal.records where !record.isTrajectoryRecord {
            note(record.index, record.status)
            if let step = record.prunedStep, record.status == .completed { report.pruned[record.index] = step }
        }
        // Expansions committed since the last part lengthen the trajectory too.
        for leaf in journal.records.flatMap(\.leaves) where leaf.kind == .exploration {
            guard case .int(let start)? = leaf.items.first(where: { $0.name == "start" })?.value,
                case .list(let values)? = leaf.items.first(where: { $0.name != "start" })?.value
            else { continue }
            report.length = max(report.length ?? 0, start + values.count)
        }
        report.completed = completed.indices.filter { completed[$0] } + farCompleted.sorted()
        return report
    }

    /// Merges the final file, the sealed parts and the journal into `trajectory` and writes it as the new
    /// final file (`<file>.tmp`, then renamed over `<file>`); then deletes parts and journal. The
    /// trajectory must be the one the runs belong to (the same explored parameters); it gains every
    /// committed run's status. The runs' results are written into the new file straight from the records
    /// (one part in memory at a time), in the layout `options.runLayout` asks for.
    package static func finish(
        path: String, trajectory: Trajectory, options: StorageOptions = .init(), durability: Durability = .process
    ) throws(StorageError) {
        try recover(path: path)
        do {
            // Runs the final file already records as finished stay finished.
            if FileManager.default.fileExists(atPath: path) {
                for (index, status) in try storedRuns(path, trajectory: trajectory.name).statuses where index < trajectory.length {
                    let known = try trajectory.runInformation(index)
                    guard !known.completed, known.failure == nil else { continue }
                    switch status {
                    case .completed: try trajectory.markRunCompleted(index, at: known.finishTimestamp ?? 0)
                    case .failed(let message): try trajectory.markRunFailed(index, message: message, at: known.finishTimestamp ?? 0)
                    }
                }
            }
            // Statuses, expansions, shared rows, return values and index entries of the parts and the
            // journal go through the trajectory and the overview tables; their leaves are written into the
            // merged file below, straight from the records. Expansions first (in commit order), so that
            // every run they created has its place. The journal before the parts (see journalRecords).
            let journal = journalRecords(path).records
            let parts = PartFile.sealed(for: path)
            let contents = try parts.map { try PartFile.read($0, forMerge: true) }
            let journalContents = PartFile.contents(of: journal, length: 0, leafNames: false, forMerge: true)
            for record in contents.flatMap(\.expansions) + journalContents.expansions {
                for leaf in record.leaves where leaf.kind == .exploration { try leaf.expand(trajectory) }
            }
            // The journal's runs (since the last checkpoint) in run order, after the parts' runs.
            var journalStatuses = journalContents
            journalStatuses.records = journalContents.records.sortedByRun()
            let gathered = contents + [journalStatuses]
            for part in gathered {
                for record in part.sharedRows where record.index < trajectory.length {
                    for leaf in record.leaves { try leaf.add(to: trajectory) }
                }
                for record in part.records where record.index < trajectory.length {
                    try RunRecord.mark(
                        record.index, record.status, started: record.started, finished: record.finished,
                        prunedStep: part.prunedSteps[record.index], in: trajectory)
                }
            }
            // Index entries and return values in commit order (a later record of a run wins); in the columns
            // layout, the runs whose last record's results the index holds get no groups.
            let length = trajectory.length
            var indexRows = ResultsIndexRows()
            var values: [(index: Int, value: PypetValue)] = []
            var indexOnly = Set<Int>()
            for part in gathered {
                if indexRows.isEmpty, part.indexRows.groupRuns.allSatisfy({ $0 < length }) {
                    indexRows = part.indexRows
                } else {
                    indexRows.append(contentsOf: part.indexRows) { $0 < length }
                }
                for (index, held) in part.heldResults where index < length {
                    if options.runLayout == .columns, held { indexOnly.insert(index) } else { indexOnly.remove(index) }
                }
                values += part.values.filter { $0.index < length }
            }
            let temporary = path + ".tmp"
            if FileManager.default.fileExists(atPath: path) {
                try FileManager.default.copyItem(atPath: path, toPath: temporary)
            }
            try TrajectoryStorage(path: temporary, options: options).store(trajectory)
            if !parts.isEmpty || !journal.isEmpty {
                let merged = try HDF5File.open(temporary, mode: .readWrite, format: .v18)
                do {
                    let base = try merged.root.openGroup(trajectory.name)
                    // Each run's groups are written here, once: from the records of every part that has
                    // leaves to write (one part in memory at a time), then of the journal. Parts of earlier
                    // versions are HDF5 files in pypet's layout, copied object by object.
                    let writer = RunLeafWriter(base: base, indexOnly: indexOnly, options: options)
                    for (part, content) in zip(parts, contents) {
                        if PartFile.isLegacy(part) {
                            try PartFile.copyLeaves(from: part, into: base)
                        } else {
                            // Only the records with groups to write are decoded again.
                            let positions = options.runLayout == .columns ? content.leafPositionsBesidesIndex : content.leafPositions
                            if !positions.isEmpty {
                                try writer.write(try PartFile.records(part, only: Set(positions)).records.filter { $0.index < length })
                            }
                        }
                    }
                    try writer.write(journal.filter { $0.index < length })
                    let index = try ResultsIndex.merge(indexRows, into: base, indexOnlyRuns: !indexOnly.isEmpty)
                    // The return values: those the file kept (in its results table, or an earlier version's
                    // frames) with the new ones, all rewritten as typed columns of the results table.
                    var allValues = try ResultsTable.runValues(in: base)
                    for (index, value) in values { allValues[index] = value }
                    try ResultsTable.store(allValues, into: base, rows: index)
                    try merged.close()
                } catch {
                    try? merged.close()
                    throw error
                }
            }
            if durability == .power { try PartFile.syncFile(temporary) }
            guard rename(temporary, path) == 0 else { throw Journal.systemError("cannot rename the merged file", path) }
            if durability == .power { try PartFile.syncFile((path as NSString).deletingLastPathComponent) }
            try? FileManager.default.removeItem(atPath: PartFile.directory(for: path))
            try? FileManager.default.removeItem(atPath: journalPath(path))
        } catch {
            throw StorageError.wrapping(error, path: path)
        }
    }

    /// The run length, the finished runs and the pruned runs (with their steps) of a final file, read from
    /// its `overview/runs` (or `run_status`), `run_errors` and `pruned_runs` only, with one open of the file.
    static func storedRuns(
        _ path: String, trajectory: String? = nil
    ) throws -> (length: Int, statuses: [(Int, RunRecord.Status)], pruned: [Int: Int]) {
        let file = try HDF5File.open(path)
        defer { try? file.close() }
        let names = try file.root.linkNames()
        guard let name = trajectory ?? names.last, names.contains(name) else { return (0, [], [:]) }
        let overview = try file.root.openGroup(name + "/overview")
        let runs = try overview.openTable("runs")
        let rowCount = try runs.rowCount
        var statuses: [(Int, RunRecord.Status)] = []
        // One byte per run when the file has it (written with the runs table), else the wide runs table.
        if try overview.contains("run_status"), case let bytes = try overview.openDataset("run_status").read(as: UInt8.self), bytes.count == rowCount {
            for (index, byte) in bytes.enumerated() where byte == 1 { statuses.append((index, .completed)) }
        } else {
            let columns = try runs.readColumns(["idx", "completed"])
            if case .int(let indices)? = columns["idx"], case .int(let completed)? = columns["completed"] {
                for row in indices.indices where completed[row] == 1 { statuses.append((Int(indices[row]), .completed)) }
            }
        }
        if try overview.contains("run_errors") {
            for row in try overview.openTable("run_errors").readRows() {
                // An empty message marks a run that failed once and completed later.
                if let index = row["idx"]?.intValue, let message = row["message"]?.stringValue, !message.isEmpty {
                    statuses.append((Int(index), .failed(message)))
                }
            }
        }
        var pruned: [Int: Int] = [:]
        if try overview.contains("pruned_runs") {
            let columns = try overview.openTable("pruned_runs").readColumns(["idx", "step"])
            if case .int(let indices)? = columns["idx"], case .int(let steps)? = columns["step"] {
                for row in indices.indices where row < steps.count { pruned[Int(indices[row])] = Int(steps[row]) }
            }
        }
        return (rowCount, statuses, pruned)
    }
}
