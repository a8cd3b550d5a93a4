/// What is optimized: the parameter space, the objectives, and how bounds are enforced.
public struct Problem: Sendable, Hashable, Codable {
    /// The search space.
    public var space: ParameterSpace
    /// The objectives, in fitness order.
    public var objectives: [Objective]
    /// How offspring outside the bounds are handled.
    public var bounds: BoundHandling

    /// A problem; at least one objective.
    public init(space: ParameterSpace, objectives: [Objective] = [.minimize()], bounds: BoundHandling = .clip) throws(AlgorithmError) {
        guard !objectives.isEmpty else { throw AlgorithmError(code: .invalidConfiguration, message: "a problem needs at least one objective") }
        guard Set(objectives.map(\.name)).count == objectives.count else {
            throw AlgorithmError(code: .invalidConfiguration, message: "objective names repeat")
        }
        if case .penalty(let weight) = bounds, !(weight > 0) {
            throw AlgorithmError(code: .invalidConfiguration, message: "the penalty weight must be positive")
        }
        if case .resample(let attempts) = bounds, attempts < 1 {
            throw AlgorithmError(code: .invalidConfiguration, message: "resampling needs at least one attempt")
        }
        self.space = space
        self.objectives = objectives
        self.bounds = bounds
    }

    /// Whether there are several objectives.
    public var isMultiObjective: Bool { objectives.count > 1 }
}

/// How an optimizer treats offspring that leave the bounds.
public enum BoundHandling: Sendable, Hashable, Codable {
    /// Set coordinates outside the bounds to the nearest bound.
    case clip
    /// Mirror coordinates at the bounds.
    case reflect
    /// Evaluate the clipped point and worsen every objective by `weight × distance outside the bounds`.
    case penalty(Double)
    /// Redo the variation that produced the offspring (up to `attempts` times), then clip.
    case resample(Int)
}
