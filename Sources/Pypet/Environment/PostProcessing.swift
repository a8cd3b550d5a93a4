public import PypetCore
import PypetStorage

/// What the environment calls once runs are done, with the trajectory and the runs' results. It may
/// expand the trajectory, directly with `trajectory.expand(...)` or by returning the points to add; the
/// environment then runs the new runs and calls it again, until a call adds nothing (pypet's adaptive loop).
public enum PostProcessing<Value: Sendable> {
    /// Called after every run so far finished, with all their outcomes sorted by run index.
    case afterRuns((Trajectory, [RunOutcome<Value>]) async throws -> [String: [PypetValue]]?)
    /// Immediate post-processing: called as soon as no run waits to be started, while the last runs
    /// still execute; completions arrive in finishing order through the ``RunCompletions`` sequence, and
    /// points added meanwhile go straight to the executor. The sequence ends when no run is left.
    case immediate((Trajectory, RunCompletions<Value>) async throws -> [String: [PypetValue]]?)
}

/// A pipeline (pypet's `env.pipeline`): a closure that fills the trajectory (pre-processing) and returns
/// the job and, optionally, the post-processing.
public struct Pipeline<Value: Sendable> {
    /// The job of every run.
    public var job: @Sendable (RunContext) async throws -> Value
    /// The post-processing, if any.
    public var postProcessing: PostProcessing<Value>?

    /// Creates a pipeline.
    public init(job: @escaping @Sendable (RunContext) async throws -> Value, postProcessing: PostProcessing<Value>? = nil) {
        self.job = job
        self.postProcessing = postProcessing
    }
}

/// The completions of runs in finishing order, given to immediate post-processing. Iterating it also
/// hands runs for points added to the trajectory since the previous element to the executor.
public struct RunCompletions<Value: Sendable>: AsyncSequence {
    public typealias Element = RunCompletion<Value>
    let loop: RunLoop

    public func makeAsyncIterator() -> Iterator { Iterator(loop: loop) }

    /// Adds points to the trajectory (like `trajectory.expand`) and starts their runs at once.
    public func expand(_ points: [String: [PypetValue]]) throws(EnvironmentError) {
        try loop.expand(points)
    }

    /// Seals the runs committed so far into a part file now, ahead of the environment's checkpoint cadence
    /// (committed runs are durable without it). Nothing happens without automatic storing.
    public func checkpoint() async throws(EnvironmentError) {
        try await loop.checkpoint()
    }

    /// Commits results of the trajectory itself (not of a run), such as an optimizer's generation record,
    /// the way runs are committed: journal first, then the next part, then the merged file. Without
    /// automatic storing they are added to the in-memory trajectory instead.
    ///
    /// Throws ``EnvironmentError`` for a name outside `results` or when the journal cannot be written.
    public func commit(_ results: [TrajectoryResult]) async throws(EnvironmentError) {
        let leaves: [RunRecord.Leaf]
        do {
            leaves = try results.map { result throws(TrajectoryError) in try result.leaf() }
        } catch {
            throw EnvironmentError.wrapping(error, file: loop.environment.file)
        }
        try await loop.commitTrajectoryLeaves(leaves)
    }

    /// The trajectory's file, or nil without automatic storing.
    public var file: String? { loop.environment.file }

    /// The iterator; `next()` returns nil once every run finished and no point waits.
    public struct Iterator: AsyncIteratorProtocol {
        let loop: RunLoop

        /// The next completion in finishing order; nil when no run is left (points added meanwhile start first).
        public mutating func next() async throws(EnvironmentError) -> RunCompletion<Value>? {
            try await loop.nextForPostProcessing()?.unerased(as: Value.self)
        }
    }
}
