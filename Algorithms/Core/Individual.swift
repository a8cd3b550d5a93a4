/// A point of the parameter space with what is known about it.
public struct Individual: Sendable, Hashable, Codable {
    /// One coordinate per dimension (see ``Dimension`` for discrete dimensions).
    public var genome: [Double]
    /// The objective values; nil until evaluated.
    public var fitness: Fitness?
    /// The weighted objective values used for comparisons (`value × signed weight`; larger is better).
    public var weighted: [Double] = []
    /// Why the evaluation failed (the fitness is then the worst possible), if it did.
    public var failure: String?
    /// The run that evaluated it, when evaluated through an environment.
    public var runIndex: Int?
    /// Per-coordinate step sizes of self-adaptive evolution strategies (empty otherwise).
    public var strategy: [Double] = []

    /// An unevaluated individual.
    public init(genome: [Double], strategy: [Double] = []) {
        self.genome = genome
        self.strategy = strategy
    }

    /// Whether it has a fitness.
    public var isEvaluated: Bool { fitness != nil }

    /// Sets the fitness and the weighted values for `objectives`.
    public mutating func assign(_ fitness: Fitness, objectives: [Objective]) {
        self.fitness = fitness
        let count = min(fitness.values.count, objectives.count)
        weighted = [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
            for index in 0..<count {
                let value = fitness.values[index]
                buffer[index] = value.isNaN ? -.infinity : value * objectives[index].signedWeight
            }
            initialized = count
        }
    }

    /// Forgets the fitness (after a variation changed the genome).
    public mutating func invalidate() {
        fitness = nil
        weighted = []
        failure = nil
        runIndex = nil
    }

    /// Whether `self` is better than `other` lexicographically on weighted values (single objective: plain
    /// comparison). Unevaluated individuals are worst.
    public func isBetter(than other: Individual) -> Bool {
        guard !weighted.isEmpty else { return false }
        guard !other.weighted.isEmpty else { return true }
        return weighted.lexicographicallyPrecedes(other.weighted, by: >)
    }

    /// Pareto dominance on weighted values: no objective worse, at least one better.
    public func dominates(_ other: Individual) -> Bool {
        guard weighted.count == other.weighted.count, !weighted.isEmpty else { return false }
        var strictlyBetter = false
        for (mine, theirs) in zip(weighted, other.weighted) {
            if mine < theirs { return false }
            if mine > theirs { strictlyBetter = true }
        }
        return strictlyBetter
    }
}
