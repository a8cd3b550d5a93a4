/// A job's return value with its type erased. The run loop, its inbox and the executors' per-run work are
/// compiled once for this one concrete type, so no generic metadata is looked up per run (it was about a
/// tenth of the environment's per-run time); values are converted back at the public boundaries: the
/// outcomes ``Environment/run(_:postProcessing:runs:)`` returns and the completions post-processing
/// receives.
package struct ErasedValue: Sendable {
    /// The value as the job returned it (or a ``TransportedValue`` from a worker process).
    package let base: any Sendable

    package init(base: any Sendable) {
        self.base = base
    }

    /// The value as `T`.
    package func cast<T>(to type: T.Type) -> T? {
        if let transported = base as? TransportedValue { return transported.decoded(as: T.self) }
        return base as? T
    }
}

extension RunOutcome where Value == ErasedValue {
    /// The outcome with the job's value of type `type` (nil when the run failed).
    func unerased<T: Sendable>(as type: T.Type) -> RunOutcome<T> {
        RunOutcome<T>(index: index, value: value.flatMap { $0.cast(to: T.self) }, failure: failure, prunedAtStep: prunedAtStep)
    }
}

extension RunCompletion where Value == ErasedValue {
    /// The completion with the job's value of type `type` (nil when the run failed).
    func unerased<T: Sendable>(as type: T.Type) -> RunCompletion<T> {
        RunCompletion<T>(record: record, value: value.flatMap { $0.cast(to: T.self) })
    }
}
