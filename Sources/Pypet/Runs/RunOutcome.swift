/// What ``Environment/run(_:postProcessing:)`` returns for each run: its index and the job's value, or
/// the message of the error it threw.
public struct RunOutcome<Value: Sendable>: Sendable {
    /// The run index.
    public var index: Int
    /// The job's return value; nil when the run failed.
    public var value: Value?
    /// The failure message when the job threw.
    public var failure: String?
    /// The step at which the pruner stopped the run (see ``RunContext/report(step:value:)``); nil when it
    /// was not pruned.
    public var prunedAtStep: Int?

    /// Creates an outcome.
    public init(index: Int, value: Value?, failure: String? = nil, prunedAtStep: Int? = nil) {
        self.index = index
        self.value = value
        self.failure = failure
        self.prunedAtStep = prunedAtStep
    }

    /// Whether the run completed.
    public var isCompleted: Bool { failure == nil }
}

extension RunOutcome: Codable where Value: Codable {}
extension RunOutcome: Equatable where Value: Equatable {}
