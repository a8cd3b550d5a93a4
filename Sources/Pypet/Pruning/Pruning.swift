/// Stopping unpromising runs early from the values they report (``RunContext/report(step:value:)``):
/// a ``Pruner``, whether lower or higher values are better, and which other runs a run is compared with.
///
/// ```swift
/// options.pruning = Pruning(.successiveHalving(minimumStep: 1, reductionFactor: 3), direction: .minimize)
/// ```
///
/// A pruned run is not a failed run: it ended early by design, its results and learning curve are stored,
/// it counts as completed (a resumed exploration does not run it again), and the file lists it in
/// `overview/pruned_runs`.
public struct Pruning: Sendable, Hashable, Codable {
    /// Whether lower or higher reported values are better.
    public enum Direction: String, Sendable, Hashable, Codable {
        case minimize, maximize
    }

    /// Which finished runs a run is compared with.
    public enum Mode: String, Sendable, Hashable, Codable {
        /// Runs of earlier batches only: the runs that completed before the batch of this run was started
        /// (a batch is what one `run` call starts first, or one expansion: a generation of an optimizer).
        /// Decisions then depend only on run indices, so the file is the same on any core count, executor
        /// or interruption; runs of the first batch are never compared (only ``Pruner/patience(steps:minimumDelta:)``
        /// and ``Pruner/threshold(lower:upper:warmupSteps:)`` can stop them). The default.
        case synchronous
        /// Every run that had finished when this run started, whatever its batch (Optuna's and Ray Tune's
        /// asynchronous behaviour: more pruning in a single sweep, but decisions depend on finishing order,
        /// so files may differ between core counts).
        case asynchronous
    }

    /// The rule.
    public var pruner: Pruner
    /// Whether lower (default) or higher values are better.
    public var direction: Direction
    /// Which runs a run is compared with.
    public var mode: Mode

    /// Pruning with `pruner`.
    public init(_ pruner: Pruner, direction: Direction = .minimize, mode: Mode = .synchronous) {
        self.pruner = pruner
        self.direction = direction
        self.mode = mode
    }

    /// Checks the pruner's settings; the error names the setting.
    func validate() throws(EnvironmentError) {
        if let problem = pruner.problem {
            throw EnvironmentError(code: .invalidArgument, message: "pruning: \(problem)")
        }
    }
}
