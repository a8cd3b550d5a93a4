public import PypetStorage

/// A finished run: what the storage commits (its ``RunRecord``: status, times, results and derived
/// parameters) and what the job returned. `Sendable`, and `Codable` when the value is.
public struct RunCompletion<Value: Sendable>: Sendable {
    /// The run's record: index, status, start and finish times, the leaves it added.
    public var record: RunRecord
    /// The job's return value; nil when the run failed.
    public var value: Value?

    /// Creates a completion.
    public init(record: RunRecord, value: Value?) {
        self.record = record
        self.value = value
    }

    /// The run index.
    public var index: Int { record.index }

    /// The failure message when the job threw, nil when it completed.
    public var failure: String? {
        if case .failed(let message) = record.status { return message }
        return nil
    }

    /// The step at which the pruner stopped the run; nil when it was not pruned.
    public var prunedAtStep: Int? { record.prunedStep }

    /// Seconds the run took.
    public var runtime: Double { record.finished - record.started }
}

extension RunCompletion: Codable where Value: Codable {}
extension RunCompletion: Equatable where Value: Equatable {}
