public import PypetCore

/// One run of a stored trajectory as ``TrajectoryStorage/mapRuns(trajectory:cores:_:)`` hands it over:
/// its explored values, its results and derived parameters, and its job's return value.
public struct StoredRun: Sendable {
    /// The run index.
    public var index: Int
    /// The explored parameters' values in this run, by full name.
    public var parameters: [String: PypetValue]
    /// The run's results and derived parameters by name below the run's group (`z`, `traces.v`); a leaf
    /// with several items gives one entry per item (`stats.mean`, `stats.std`).
    public var results: [String: PypetValue]
    /// What the run's job returned, when it was stored.
    public var value: PypetValue?

    /// The result `name`, or nil.
    public subscript(_ name: String) -> PypetValue? { results[name] }
}
