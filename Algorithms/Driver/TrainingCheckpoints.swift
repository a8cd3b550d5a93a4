import Foundation
public import Pypet

/// The saved states (model weights, optimizer moments, counters: any `[Double]`) of the runs of a
/// training search such as ``PopulationBasedTraining``, where a run continues from the state an earlier
/// run saved.
///
/// A run's state is needed by runs of the next generation, which may start before the parent's results
/// are merged into the HDF5 file (they sit in the journal or a part file) and may run in another worker
/// process or MPI rank. So every state is written to a side folder that every executor on the machine (or
/// on a shared file system) can read, `<file>.checkpoints/run_00000012.ckpt` by default: written to a
/// temporary file, flushed to disk (`fsync`), then renamed into place, before the job returns. A run is
/// recorded as complete only after its job returned, so after a kill -9 every completed run's checkpoint
/// is on disk, and a run that did not complete is run again on resume and writes its checkpoint again
/// (the same bytes: the same parameters, parent and random stream).
///
/// ``save(_:run:recordsResult:)`` also adds the state as the run's result `checkpoint` (a 1-D array in
/// `results.runs.run_00000012.checkpoint`), so that the file alone documents every model; pass
/// `recordsResult: false` for states too large to keep twice.
///
/// Clean-up: the folder keeps every run's state, because a resumed search or a replay
/// (`GenerationReplay.verify`) needs the parents' states of any generation it runs again. Delete it with
/// ``removeAll()`` once the search is finished and will not be replayed. A new search over an old folder is
/// safe: a run reads only the checkpoints of the previous generation, which this search has rewritten.
///
/// ```swift
/// let checkpoints = TrainingCheckpoints(file: file)
/// try await optimization.run(on: env) { run in
///     var model = try checkpoints.parentState(of: run).map(Model.init(state:)) ?? Model(random: try run.random)
///     model.train(epochs: 2, learningRate: try run.value("learning_rate", as: Double.self))
///     try checkpoints.save(model.state, run: run)
///     return Fitness(model.validationError)
/// }
/// ```
public struct TrainingCheckpoints: Sendable, Hashable {
    /// The folder holding one file per run.
    public let folder: String

    /// The checkpoints in `folder`.
    public init(folder: String) {
        self.folder = folder
    }

    /// The checkpoints of the search in the HDF5 file `file`: the folder `<file>.checkpoints`.
    public init(file: String) {
        self.init(folder: file + ".checkpoints")
    }

    /// The file of run `index`'s checkpoint.
    public func path(ofRun index: Int) -> String {
        (folder as NSString).appendingPathComponent(NodeName.run(index) + ".ckpt")
    }

    /// Whether run `index` saved a checkpoint.
    public func contains(run index: Int) -> Bool {
        FileManager.default.fileExists(atPath: path(ofRun: index))
    }

    // MARK: Saving

    /// Saves `state` as the checkpoint of `run` (durably, before returning) and, when `recordsResult`, as
    /// its result `checkpoint`.
    ///
    /// - Throws: ``AlgorithmError`` (`environment`) when the folder or file cannot be written, with the
    ///   path and the system's reason; a non-finite value is refused (`invalidConfiguration`).
    public func save(_ state: [Double], run: RunContext, recordsResult: Bool = true) throws(AlgorithmError) {
        if let bad = state.firstIndex(where: { !$0.isFinite }) {
            throw AlgorithmError(
                code: .invalidConfiguration,
                message: "run \(run.index): the state to save holds \(state[bad]) at position \(bad); a checkpoint holds finite numbers (fail the run by throwing instead)")
        }
        try write(state, run: run.index)
        guard recordsResult else { return }
        do {
            try run.addResult("checkpoint", .array(NDArray(state)), comment: "the state the run saved (TrainingCheckpoints)")
        } catch {
            throw AlgorithmError(code: .environment, message: "run \(run.index): cannot add the checkpoint result: \(error.message)", underlying: error)
        }
    }

    /// Writes `state` for run `index`: a temporary file, fsync, rename, fsync of the folder.
    func write(_ state: [Double], run index: Int) throws(AlgorithmError) {
        func failure(_ what: String, _ path: String) -> AlgorithmError {
            AlgorithmError(
                code: .environment,
                message: "cannot \(what) \(path) (\(String(cString: strerror(errno)))); check that the folder is writable and the disk not full")
        }
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw AlgorithmError(code: .environment, message: "cannot create the checkpoint folder \(folder): \(error.localizedDescription)", underlying: error)
        }
        let final = path(ofRun: index)
        let temporary = final + ".tmp-\(getpid())"
        let bytes = Self.encode(state)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { throw failure("create", temporary) }
        var written = 0
        let ok = bytes.withUnsafeBytes { buffer -> Bool in
            while written < buffer.count {
                let count = Foundation.write(descriptor, buffer.baseAddress?.advanced(by: written), buffer.count - written)
                if count < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                written += count
            }
            return true
        }
        guard ok, fsync(descriptor) == 0 else {
            let error = failure("write", temporary)
            close(descriptor)
            unlink(temporary)
            throw error
        }
        close(descriptor)
        guard rename(temporary, final) == 0 else {
            let error = failure("rename into place", final)
            unlink(temporary)
            throw error
        }
        let directory = open(folder, O_RDONLY)
        if directory >= 0 {
            _ = fsync(directory)
            close(directory)
        }
    }

    // MARK: Loading

    /// The checkpoint run `index` saved.
    ///
    /// - Throws: ``AlgorithmError``: `resumeMismatch` when the run saved none (with the folder, and what to
    ///   check) or its file is damaged.
    public func state(ofRun index: Int) throws(AlgorithmError) -> [Double] {
        let path = path(ofRun: index)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AlgorithmError(
                code: .resumeMismatch,
                message: "run \(index) has no checkpoint in \(folder) (no \((path as NSString).lastPathComponent)); every run of a training "
                    + "search must save one with TrainingCheckpoints.save, and the folder must be kept until the search is finished")
        }
        guard let state = Self.decode(data) else {
            throw AlgorithmError(code: .resumeMismatch, message: "the checkpoint \(path) of run \(index) is damaged (wrong header, size or checksum)")
        }
        return state
    }

    /// The state `run` continues from: the checkpoint of the run named by its `parameter` (the
    /// optimizer's checkpoint dimension, ``PopulationBasedTraining/checkpointParameter``), nil when it is
    /// -1 (a fresh start).
    ///
    /// - Throws: ``AlgorithmError``: `invalidConfiguration` when the run has no such integer parameter,
    ///   `resumeMismatch` as ``state(ofRun:)``.
    public func parentState(of run: RunContext, parameter: String = PopulationBasedTraining.defaultCheckpointParameter) throws(AlgorithmError) -> [Double]? {
        let parent: Int
        do {
            parent = try run.value(parameter, as: Int.self)
        } catch {
            throw AlgorithmError(
                code: .invalidConfiguration,
                message: "run \(run.index) has no integer parameter '\(parameter)' naming the run it continues from: \(error.message)", underlying: error)
        }
        guard parent >= 0 else { return nil }
        guard parent < run.index else {
            throw AlgorithmError(code: .invalidConfiguration, message: "run \(run.index) would continue from run \(parent), which is not an earlier run")
        }
        return try state(ofRun: parent)
    }

    /// Deletes the folder and every checkpoint in it (nothing when it does not exist).
    ///
    /// - Throws: ``AlgorithmError`` (`environment`) when it cannot be deleted.
    public func removeAll() throws(AlgorithmError) {
        guard FileManager.default.fileExists(atPath: folder) else { return }
        do {
            try FileManager.default.removeItem(atPath: folder)
        } catch {
            throw AlgorithmError(code: .environment, message: "cannot delete the checkpoint folder \(folder): \(error.localizedDescription)", underlying: error)
        }
    }

    // MARK: Format

    /// `PYPETCK1`, the value count (UInt64), the values (IEEE 754 doubles), an FNV-1a checksum of the
    /// values' bytes (UInt64); little-endian.
    static let magic = Array("PYPETCK1".utf8)

    static func encode(_ state: [Double]) -> [UInt8] {
        var bytes = magic
        bytes.reserveCapacity(24 + 8 * state.count)
        func append(_ value: UInt64) { withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) } }
        append(UInt64(state.count))
        let payloadStart = bytes.count
        for value in state { append(value.bitPattern) }
        append(checksum(bytes[payloadStart...]))
        return bytes
    }

    static func decode(_ data: Data) -> [Double]? {
        let bytes = [UInt8](data)
        guard bytes.count >= 24, Array(bytes[0..<8]) == magic else { return nil }
        func read(_ offset: Int) -> UInt64 {
            var value: UInt64 = 0
            for position in 0..<8 { value |= UInt64(bytes[offset + position]) << (8 * UInt64(position)) }
            return value
        }
        let count = read(8)
        guard count <= UInt64(bytes.count), bytes.count == 24 + 8 * Int(count) else { return nil }
        let end = 16 + 8 * Int(count)
        guard read(end) == checksum(bytes[16..<end]) else { return nil }
        return (0..<Int(count)).map { Double(bitPattern: read(16 + 8 * $0)) }
    }

    private static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        bytes.reduce(14_695_981_039_346_656_037) { ($0 ^ UInt64($1)) &* 1_099_511_628_211 }
    }
}
