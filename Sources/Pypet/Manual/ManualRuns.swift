import Foundation
public import PypetCore
import PypetStorage

/// Runs made and committed one by one by your own code, without an ``Environment`` (pypet's
/// `f_start_run` / `f_finalize_run` with `v_idx`): each run gets the same ``RunContext`` an environment's
/// job gets (its parameters with the run's explored values, its own random stream from (seed, index), its
/// results below its group) and is committed with the same durability (journal first, parts, then the
/// merged file on ``close()``). A stored trajectory can be continued run by run.
///
/// ```swift
/// let runs = try await ManualRuns(trajectory: traj, file: "hdf5/manual.hdf5")
/// for index in runs.pendingRuns {
///     let run = try runs.start(index)
///     let z = try run.value("x", as: Double.self) * 2
///     try run.addResult("z", z)
///     try await runs.finish(run, value: .double(z))
/// }
/// try await runs.close()
/// ```
///
/// Use it from one task at a time.
public final class ManualRuns {
    /// The trajectory the runs belong to.
    public let trajectory: Trajectory
    /// The HDF5 file.
    public let file: String
    /// The seed the runs' random streams come from (with each run index).
    public let seed: UInt64
    private let store: RunStore
    private let usesRunSets: Bool
    private var started: [Int: Double] = [:]
    private var closed = false

    /// Stores `trajectory` in `file` (adding what is new) and opens its journal for runs.
    public init(trajectory: Trajectory, file: String, seed: UInt64 = 42, storage: StorageOptions = .init()) async throws(EnvironmentError) {
        self.trajectory = trajectory
        self.file = file
        self.seed = seed
        usesRunSets = trajectory.length > 1000
        do {
            let directory = (file as NSString).deletingLastPathComponent
            if !directory.isEmpty { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
            try trajectory.checkPresets()
            try Environment.checkFile(file, for: trajectory)
            try RunStore.finish(path: file, trajectory: trajectory, options: storage)
            store = try RunStore(path: file, trajectoryName: trajectory.name, length: trajectory.length)
        } catch let error as EnvironmentError {
            throw error
        } catch {
            throw EnvironmentError.wrapping(error, file: file)
        }
    }

    /// Continues the trajectory `name` (the last one when nil) of `file`: what an interrupted earlier
    /// session committed (parts, journal) is merged in first; ``pendingRuns`` lists what is left.
    public static func continuing(file: String, trajectory name: String? = nil, seed: UInt64 = 42) async throws(EnvironmentError) -> ManualRuns {
        guard let loaded = try Environment.recover(trajectory: name, file: file) else {
            throw EnvironmentError(code: .storage, message: "no trajectory \(name.map { "'\($0)' " } ?? "")in the file", file: file)
        }
        return try await ManualRuns(trajectory: loaded, file: file, seed: seed)
    }

    /// The runs not completed yet, in index order.
    public var pendingRuns: [Int] {
        (0..<trajectory.length).filter { (try? trajectory.isCompleted($0)) == false }
    }

    /// Starts run `index`: its context, as a job of an environment would get it.
    public func start(_ index: Int) throws(EnvironmentError) -> RunContext {
        guard !closed else { throw EnvironmentError(code: .invalidArgument, message: "these manual runs were closed", file: file, run: index) }
        guard (0..<trajectory.length).contains(index) else {
            throw EnvironmentError(
                code: .invalidArgument, message: "run \(index) does not exist; the trajectory has \(trajectory.length) runs", file: file, run: index)
        }
        do {
            guard try !trajectory.isCompleted(index) else {
                throw EnvironmentError(code: .invalidArgument, message: "run \(index) is already completed", file: file, run: index)
            }
            var explored: [String: PypetValue] = [:]
            for name in trajectory.exploredParameterNames {
                let range = try trajectory.parameter(name).range
                if index < range.count { explored[name] = range[index] }
            }
            let request = RunRequest(
                index: index, explored: explored, parameters: ParameterSnapshot(trajectory), seed: seed, usesRunSets: usesRunSets)
            started[index] = Date().timeIntervalSince1970
            return RunContext(request)
        } catch let error as EnvironmentError {
            throw error
        } catch {
            throw EnvironmentError.wrapping(error, file: file)
        }
    }

    /// Commits `run` as completed with its results (and `value`, kept in `overview/run_values`): durable
    /// once this returns.
    public func finish(_ run: RunContext, value: PypetValue? = nil) async throws(EnvironmentError) {
        var record = run.record(status: .completed, started: try startTime(of: run), finished: Date().timeIntervalSince1970)
        record.value = value
        try await commit(record)
        do {
            try trajectory.markRunStarted(record.index, at: record.started)
            try trajectory.markRunCompleted(record.index, at: record.finished)
        } catch {
            throw EnvironmentError.wrapping(error, file: file)
        }
    }

    /// Commits `run` as failed with `message` (its results are dropped, as for a job that threw).
    public func fail(_ run: RunContext, message: String) async throws(EnvironmentError) {
        let record = RunRecord(index: run.index, status: .failed(message), started: try startTime(of: run), finished: Date().timeIntervalSince1970)
        try await commit(record)
        do {
            try trajectory.markRunStarted(record.index, at: record.started)
            try trajectory.markRunFailed(record.index, message: message, at: record.finished)
        } catch {
            throw EnvironmentError.wrapping(error, file: file)
        }
    }

    /// Seals the last part and merges everything into the file.
    public func close() async throws(EnvironmentError) {
        guard !closed else { return }
        closed = true
        do {
            try await store.close()
            try RunStore.finish(path: file, trajectory: trajectory)
        } catch {
            throw EnvironmentError.wrapping(error, file: file)
        }
    }

    private func startTime(of run: RunContext) throws(EnvironmentError) -> Double {
        guard !closed else { throw EnvironmentError(code: .invalidArgument, message: "these manual runs were closed", file: file, run: run.index) }
        guard let time = started.removeValue(forKey: run.index) else {
            throw EnvironmentError(code: .invalidArgument, message: "run \(run.index) was not started here (or was already finished)", file: file, run: run.index)
        }
        return time
    }

    private func commit(_ record: RunRecord) async throws(EnvironmentError) {
        do {
            try await store.commit(record)
        } catch {
            throw EnvironmentError.wrapping(error, file: file)
        }
    }
}
