package import PypetStorage

/// A finished run: its index, status, times and the results it added (what the storage commits), and what
/// the job returned. `Sendable`, and `Codable` when the value is.
public struct RunCompletion<Value: Sendable>: Sendable {
    /// The run's record: index, status, start and finish times, the leaves it added.
    package var record: RunRecord
    /// The job's return value; nil when the run failed.
    public var value: Value?

    /// Creates a completion from the journal's record.
    package init(record: RunRecord, value: Value?) {
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

    /// When the run started and finished (seconds since 1970).
    public var started: Double { record.started }
    /// When the run finished (seconds since 1970).
    public var finished: Double { record.finished }

    /// The results the run added, by full name (`results.runs.run_00000003.loss`), in the order it added them.
    public var results: [TrajectoryResult] {
        record.leaves.filter { $0.kind == .result }.map { leaf in
            TrajectoryResult(leaf.fullName, comment: leaf.comment, items: leaf.items.map { ($0.name, $0.value) })
        }
    }

    /// The completion of a run that failed outside its job (a custom ``RunExecutor`` whose worker crashed or
    /// timed out): recorded as failed with `message`, so a resume runs it again.
    public static func failed(index: Int, message: String, started: Double, finished: Double) -> RunCompletion {
        RunCompletion(record: RunRecord(index: index, status: .failed(message), started: started, finished: finished), value: nil)
    }
}

extension RunCompletion: Codable where Value: Codable {}
extension RunCompletion: Equatable where Value: Equatable {}
