public import PypetCore

/// One run to execute: its index, where its results go, the explored values of its point and the
/// parameters it reads. `Sendable` and `Codable`, so an executor may ship it to another process.
public struct RunRequest: Sendable, Hashable, Codable {
    /// The run index (0-based, as pypet).
    public var index: Int
    /// The explored parameters' values for this run, by full name.
    public var explored: [String: PypetValue]
    /// The default values of every other parameter.
    public var parameters: ParameterSnapshot
    /// The seed of the environment; the run's stream is derived from (seed, index).
    public var seed: UInt64
    /// Whether results go into `$set` buckets (`results.run_set_00000.run_00000003`) instead of
    /// `results.runs.run_00000003`.
    public var usesRunSets: Bool
    /// The pruning settings and the curves this run is compared with (nil: no pruning).
    package var pruning: PruningPlan?

    /// Creates a request.
    public init(index: Int, explored: [String: PypetValue], parameters: ParameterSnapshot, seed: UInt64, usesRunSets: Bool) {
        self.index = index
        self.explored = explored
        self.parameters = parameters
        self.seed = seed
        self.usesRunSets = usesRunSets
    }
}
