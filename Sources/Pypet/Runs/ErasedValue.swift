/// A job's return value with its type erased. The run loop, its inbox and the executors' per-run work are
/// compiled once for this one concrete type, so no generic metadata is looked up per run (it was about a
/// tenth of the environment's per-run time); values are converted back at the public boundaries: the
/// outcomes ``Environment/run(_:postProcessing:runs:)`` returns and the completions post-processing
/// receives.
struct ErasedValue: Sendable {
    /// The value as the job returned it.
    let base: any Sendable
}

extension RunOutcome where Value == ErasedValue {
    /// The outcome with the job's value of type `type` (nil when the run failed).
    func unerased<T: Sendable>(as type: T.Type) -> RunOutcome<T> {
        RunOutcome<T>(index: index, value: value?.base as? T, failure: failure)
    }
}

extension RunCompletion where Value == ErasedValue {
    /// The completion with the job's value of type `type` (nil when the run failed).
    func unerased<T: Sendable>(as type: T.Type) -> RunCompletion<T> {
        RunCompletion<T>(record: record, value: value?.base as? T)
    }
}
