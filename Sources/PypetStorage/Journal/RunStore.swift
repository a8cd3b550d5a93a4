import Foundation
import HDF5
public import PypetCore
#if canImport(Glibc)
import Glibc
#endif

/// The single writer of a trajectory's file while runs execute, with crash-proof commits.
///
/// - A finished run is committed by ``commit(_:)``: one record appended to `<file>.journal`. When it
///   returns, the run counts as completed; a crash afterwards loses nothing.
/// - Checkpoints (every `checkpointRuns` commits, every `checkpointSeconds`, and on demand with
///   ``checkpoint()``) seal the runs since the previous one into `<file>.parts/part_<first>.h5`
///   (write, close, rename), then empty the journal.
/// - ``finish(path:trajectory:options:durability:)`` merges the final file, the parts and the journal
///   into a new `<file>.tmp`, renames it over `<file>`, and deletes parts and journal.
/// - Opening a store recovers from any crash: it deletes `*.tmp` files and cuts a torn journal tail.
///   No file that may be half written is ever opened.
public actor RunStore {
    /// The final HDF5 file.
    public nonisolated let path: String
    /// The trajectory whose runs are stored.
    public nonisolated let trajectoryName: String
    /// The protection of each commit.
    public nonisolated let durability: Durability
    let checkpointRuns: Int
    let checkpointSeconds: Double
    private var journal: Journal?
    private var pending: [RunRecord]
    private var lastCheckpoint: ContinuousClock.Instant
    private var length: Int

    /// Opens the store for `path`, recovering from an earlier crash, and keeps the journal's records
    /// for the next checkpoint.
    public init(
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
        pending = Journal.read(Self.journalPath(path)).records
        journal = try Journal(path: Self.journalPath(path), durability: durability)
        lastCheckpoint = ContinuousClock.now
    }

    /// Commits a finished (or failed) run: when this returns, the run is durable.
    public func commit(_ record: RunRecord) throws(StorageError) {
        guard let journal else { throw StorageError(code: .invalidFile, message: "the store was closed", file: path) }
        try journal.append(record)
        pending.append(record)
        if pending.count >= checkpointRuns || ContinuousClock.now - lastCheckpoint >= .seconds(checkpointSeconds) {
            try checkpoint()
        }
    }

    /// Tells the store how many runs are explored (after an expansion), recorded in the next part.
    public func setLength(_ length: Int) {
        self.length = max(self.length, length)
    }

    /// Seals the runs committed since the last checkpoint into a part file and empties the journal.
    public func checkpoint() throws(StorageError) {
        lastCheckpoint = ContinuousClock.now
        guard !pending.isEmpty, let journal else { return }
        do {
            try PartFile.seal(pending, trajectoryName: trajectoryName, length: length, finalPath: path, durability: durability)
        } catch {
            throw StorageError.wrapping(error, path: path)
        }
        try journal.truncate()
        pending.removeAll()
    }

    /// Seals what is pending and closes the journal.
    public func close() throws(StorageError) {
        try checkpoint()
        journal = nil
    }

    // MARK: Files

    static func journalPath(_ path: String) -> String { path + ".journal" }

    /// Deletes unfinished temporary files and cuts a torn journal tail. Safe to call at any time when no
    /// writer runs.
    public static func recover(path: String) throws(StorageError) {
        PartFile.removeTemporaries(for: path)
        try? FileManager.default.removeItem(atPath: path + ".tmp")
        if FileManager.default.fileExists(atPath: journalPath(path)) {
            try Journal.recover(journalPath(path))
        }
    }

    /// Deletes the file at `path` with everything the run store keeps beside it (journal, parts,
    /// temporary merge file), to start a trajectory file afresh. Missing pieces are fine.
    public static func removeFiles(path: String) throws(StorageError) {
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
    public static func status(path: String) throws(StorageError) -> RunStatusReport {
        var report = RunStatusReport(length: nil, completed: [], failed: [:], parts: 0, journalRecords: 0, tornJournalBytes: 0)
        var pendingLeaves: [String] = []
        var completed = Set<Int>()
        func note(_ index: Int, _ status: RunRecord.Status) {
            switch status {
            case .completed: completed.insert(index); report.failed[index] = nil
            case .failed(let message): if !completed.contains(index) { report.failed[index] = message }
            }
        }
        do {
            if FileManager.default.fileExists(atPath: path) {
                let stored = try storedRuns(path)
                report.length = stored.length
                for (index, status) in stored.statuses { note(index, status) }
            }
            let parts = PartFile.sealed(for: path)
            report.parts = parts.count
            for part in parts {
                let contents = try PartFile.read(part, leafNames: true)
                report.length = max(report.length ?? 0, contents.length)
                for record in contents.records { note(record.index, record.status) }
                pendingLeaves += contents.trajectoryLeaves
            }
        } catch {
            throw StorageError.wrapping(error, path: path)
        }
        let journal = Journal.read(journalPath(path))
        for record in journal.records where record.isTrajectoryRecord {
            pendingLeaves += record.leaves.filter { $0.kind != .exploration }.map(\.fullName)
        }
        report.pendingTrajectoryLeaves = pendingLeaves
        report.journalRecords = journal.records.count
        report.tornJournalBytes = journal.totalLength - journal.validLength
        for record in journal.records where !record.isTrajectoryRecord { note(record.index, record.status) }
        // Expansions committed since the last part lengthen the trajectory too.
        for leaf in journal.records.flatMap(\.leaves) where leaf.kind == .exploration {
            guard case .int(let start)? = leaf.items.first(where: { $0.name == "start" })?.value,
                case .list(let values)? = leaf.items.first(where: { $0.name != "start" })?.value
            else { continue }
            report.length = max(report.length ?? 0, start + values.count)
        }
        report.completed = completed.sorted()
        return report
    }

    /// Merges the final file, the sealed parts and the journal into `trajectory` and writes it as the new
    /// final file (`<file>.tmp`, then renamed over `<file>`); then deletes parts and journal. The
    /// trajectory must be the one the runs belong to (the same explored parameters); it gains every
    /// committed run's status, and the results of the runs still in the journal (the results in sealed
    /// parts are copied file to file with `H5Ocopy`, without passing through memory).
    public static func finish(
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
            // Parts give run statuses from their tables; their leaves are copied file to file below.
            // Expansions first (in commit order), so that every run they created has its place.
            let parts = PartFile.sealed(for: path)
            let contents = try parts.map { try PartFile.read($0) }
            let journal = Journal.read(journalPath(path)).records
            for record in contents.flatMap(\.expansions) + journal {
                for leaf in record.leaves where leaf.kind == .exploration { try leaf.expand(trajectory) }
            }
            for part in contents {
                for record in part.records where record.index < trajectory.length {
                    try record.apply(to: trajectory)
                }
            }
            // The journal's records (runs since the last checkpoint) go through the trajectory.
            for record in journal.sorted(by: { $0.index < $1.index }) where record.index < trajectory.length {
                try record.apply(to: trajectory)
            }
            let temporary = path + ".tmp"
            if FileManager.default.fileExists(atPath: path) {
                try FileManager.default.copyItem(atPath: path, toPath: temporary)
            }
            try TrajectoryStorage(path: temporary, options: options).store(trajectory)
            // Return values of the runs in the parts and the journal, kept as frames in overview/run_values.
            var valueRecords: [RunRecord] = []
            for part in contents {
                for (index, value) in part.values.sorted(by: { $0.key < $1.key }) {
                    valueRecords.append(RunRecord(index: index, status: .completed, started: 0, finished: 0, value: value))
                }
            }
            valueRecords += journal.filter { $0.value != nil && $0.index < trajectory.length }
            let frames = PartFile.valueFrames(valueRecords)
            if !parts.isEmpty || !frames.isEmpty {
                let merged = try HDF5File.open(temporary, mode: .readWrite, format: .v18)
                do {
                    let base = try merged.root.openGroup(trajectory.name)
                    for part in parts { try PartFile.copyLeaves(from: part, into: base) }
                    if !frames.isEmpty {
                        let overview = try base.requireGroup("overview")
                        if try overview.contains("run_values") {
                            try overview.openDataset("run_values").append(frames)
                        } else {
                            try overview.createDataset("run_values", values: frames, shape: [frames.count], options: .extendible(chunkRows: 65536))
                        }
                    }
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

    /// The run length and the finished runs of a final file, read from its `overview/runs` and
    /// `overview/run_errors` tables only.
    static func storedRuns(_ path: String, trajectory: String? = nil) throws -> (length: Int, statuses: [(Int, RunRecord.Status)]) {
        let file = try HDF5File.open(path)
        defer { try? file.close() }
        let names = try file.root.linkNames()
        guard let name = trajectory ?? names.last, names.contains(name) else { return (0, []) }
        let overview = try file.root.openGroup(name + "/overview")
        let runs = try overview.openTable("runs")
        var statuses: [(Int, RunRecord.Status)] = []
        let columns = try runs.readColumns(["idx", "completed"])
        if case .int(let indices)? = columns["idx"], case .int(let completed)? = columns["completed"] {
            for row in indices.indices where completed[row] == 1 { statuses.append((Int(indices[row]), .completed)) }
        }
        if try overview.contains("run_errors") {
            for row in try overview.openTable("run_errors").readRows() {
                if let index = row["idx"]?.intValue { statuses.append((Int(index), .failed(row["message"]?.stringValue ?? ""))) }
            }
        }
        return (try runs.rowCount, statuses)
    }
}
