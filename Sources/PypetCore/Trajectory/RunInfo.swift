/// What a trajectory knows about one run.
public struct RunInfo: Sendable, Hashable, Codable {
    /// The run index (0-based).
    public let index: Int
    /// The run name, `run_%08d`.
    public var name: String { NodeName.run(index) }
    /// When the run started (seconds since 1970), once it ran.
    public var timestamp: Double?
    /// When the run finished (seconds since 1970), once it finished.
    public var finishTimestamp: Double?
    /// Whether the run finished successfully.
    public var completed: Bool
    /// The error message of a failed run.
    public var failure: String?
    /// The step at which a pruner stopped the run early (it still counts as completed: it ran no further by
    /// design, and a resumed exploration does not run it again); nil when the run was not pruned.
    public var prunedAtStep: Int?
    /// The run's explored parameter values as `name: value` pairs (at most 512 characters).
    public var parameterSummary: String

    /// Creates run information.
    public init(
        index: Int, timestamp: Double? = nil, finishTimestamp: Double? = nil, completed: Bool = false,
        failure: String? = nil, parameterSummary: String = ""
    ) {
        self.index = index
        self.timestamp = timestamp
        self.finishTimestamp = finishTimestamp
        self.completed = completed
        self.failure = failure
        self.parameterSummary = parameterSummary
    }

    /// The runtime in seconds, once the run finished.
    public var runtime: Double? {
        guard let timestamp, let finishTimestamp else { return nil }
        return finishTimestamp - timestamp
    }

    /// Whether the run failed.
    public var failed: Bool { failure != nil }

    /// Whether a pruner stopped the run early.
    public var pruned: Bool { prunedAtStep != nil }
}
