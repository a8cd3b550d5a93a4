/// How much of a branch a load reads.
public enum LoadMode: Sendable, Hashable {
    /// Skip the branch.
    case nothing
    /// Only the tree: nodes, comments, annotations. Results are created empty and load their items from
    /// the file on first access (lazy auto-loading). Parameters always carry their values.
    case skeleton
    /// Everything.
    case data
}

/// What ``TrajectoryStorage/load(name:index:options:customTypes:)`` reads, per branch.
public struct LoadOptions: Sendable, Hashable {
    /// The `parameters` branch (``LoadMode/skeleton`` loads values too).
    public var parameters: LoadMode
    /// The `derived_parameters` branch (``LoadMode/skeleton`` loads values too).
    public var derivedParameters: LoadMode
    /// The `config` branch (``LoadMode/skeleton`` loads values too).
    public var config: LoadMode
    /// The `results` branch.
    public var results: LoadMode
    /// Whether run information (timestamps, completed and failed runs) is read.
    public var withRunInformation: Bool
    /// Whether runs' results are read from the file's results index (`overview/results_index`, written
    /// when runs are merged) instead of from every run's groups, when the index agrees with the groups.
    /// Turn it off after editing values in place with another tool.
    public var usesResultsIndex = true
    /// Whether the runs' own groups are read (`results.runs.run_00000003`, `results.run_set_00000`, and the
    /// same below `derived_parameters`). Off, a load costs the same for ten runs or a million: the `runs`
    /// and `run_set_*` groups are there but empty, and everything outside them is read as asked.
    public var includesRunGroups = true
    /// With ``includesRunGroups`` off, the run groups read anyway, by name (`run_00000003`): what a look
    /// at a few runs of a big file needs.
    public var runGroupNames: [String] = []

    /// Creates options; by default everything is loaded.
    public init(
        parameters: LoadMode = .data, derivedParameters: LoadMode = .data, config: LoadMode = .data,
        results: LoadMode = .data, withRunInformation: Bool = true
    ) {
        self.parameters = parameters
        self.derivedParameters = derivedParameters
        self.config = config
        self.results = results
        self.withRunInformation = withRunInformation
    }

    /// Everything.
    public static let all = LoadOptions()
    /// Parameters with values, results as a skeleton whose items load on first access.
    public static let skeleton = LoadOptions(results: .skeleton)

    func mode(forBranch branch: String) -> LoadMode {
        switch branch {
        case "parameters": parameters
        case "derived_parameters": derivedParameters
        case "config": config
        case "results": results
        default: .data
        }
    }
}
