public import PypetCore

/// Runs a network in subruns. The subruns of a run are the time parameters in
/// `parameters.simulation.durations` (those of a pre-run in `parameters.simulation.pre_durations`), each
/// with an integer `order` annotation; they run in increasing order.
///
/// The runner can add these parameters itself (``durations`` and ``preDurations``); a parameter without
/// an `order` annotation, or two with the same order, stop the run with
/// ``NetworkError/Code/invalidSubruns``.
public struct NetworkRunner: NetworkComponent {
    /// The group of the run's subrun durations.
    public var durationsGroup: String
    /// The group of the pre-run's subrun durations.
    public var preDurationsGroup: String
    /// Subruns the runner adds as parameters (with their `order` annotations).
    public var durations: [Subrun]
    /// Pre-run subruns the runner adds as parameters.
    public var preDurations: [Subrun]

    /// A runner of the subruns in `durationsGroup` (and `preDurationsGroup` for a pre-run), adding
    /// `durations` and `preDurations` as parameters.
    public init(
        durations: [Subrun] = [], preDurations: [Subrun] = [],
        durationsGroup: String = "simulation.durations", preDurationsGroup: String = "simulation.pre_durations"
    ) {
        self.durations = durations
        self.preDurations = preDurations
        self.durationsGroup = durationsGroup
        self.preDurationsGroup = preDurationsGroup
    }

    public func addParameters(to trajectory: Trajectory) throws {
        for (group, subruns) in [(durationsGroup, durations), (preDurationsGroup, preDurations)] {
            for subrun in subruns {
                let parameter = try trajectory.addParameter(group + "." + subrun.name, .quantity(subrun.duration), comment: "subrun duration")
                try parameter.annotate("order", .int(subrun.order))
            }
        }
    }

    /// The subruns of a run (`pre == false`) or a pre-run, in order, read from the trajectory's
    /// parameters (their defaults) and `order` annotations.
    public func subruns(in trajectory: Trajectory, pre: Bool) throws(NetworkError) -> [Subrun] {
        let group = "parameters." + (pre ? preDurationsGroup : durationsGroup) + "."
        var subruns: [Subrun] = []
        var seen: [Int: String] = [:]
        for leaf in trajectory.parameters.leaves(where: { $0.fullName.hasPrefix(group) }) {
            guard let parameter = leaf as? Parameter else { continue }
            let name = String(parameter.fullName.dropFirst(group.count))
            guard !name.contains(".") else { continue }
            let item = parameter.fullName
            guard let annotation = parameter.annotations["order"] else {
                throw NetworkError(code: .invalidSubruns, message: "the subrun duration has no `order` annotation; annotate it, e.g. parameter.annotate(\"order\", .int(0))", item: item)
            }
            guard case .int(let order) = annotation else {
                throw NetworkError(code: .invalidSubruns, message: "the `order` annotation must be an integer (got \(annotation.typeDescription))", item: item)
            }
            if let other = seen[order] {
                throw NetworkError(code: .invalidSubruns, message: "has order \(order) like \(other); give every subrun its own order", item: item)
            }
            seen[order] = item
            guard case .quantity(let duration) = parameter.defaultValue else {
                throw NetworkError(code: .invalidSubruns, message: "a subrun duration must be a time quantity (got \(parameter.defaultValue.typeDescription))", item: item)
            }
            subruns.append(Subrun(name: name, duration: duration, order: order))
        }
        return subruns.sorted { $0.order < $1.order }
    }
}
