/// A point of the parameter space with what is known about it.
public struct Individual: Sendable, Hashable {
    /// One coordinate per dimension (see ``Dimension`` for discrete dimensions).
    public var genome: [Double]
    /// The objective values; nil until evaluated.
    public var fitness: Fitness?
    /// The weighted objective values used for comparisons (`value × signed weight`; larger is better).
    public var weighted: [Double] {
        get { weightedValues.array }
        set { weightedValues = InlineValues(newValue) }
    }
    /// The weighted values, inline for up to two objectives (comparisons read these).
    var weightedValues = InlineValues()
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
        func weight(_ index: Int) -> Double {
            let value = fitness[index]
            return value.isNaN ? -.infinity : value * objectives[index].signedWeight
        }
        switch min(fitness.count, objectives.count) {
        case 0: weightedValues = InlineValues()
        case 1: weightedValues = InlineValues(single: weight(0))
        case let count: weightedValues = InlineValues((0..<count).map(weight))
        }
    }

    /// Forgets the fitness (after a variation changed the genome).
    public mutating func invalidate() {
        fitness = nil
        weightedValues = InlineValues()
        failure = nil
        runIndex = nil
    }

    /// Whether `self` is better than `other` lexicographically on weighted values (single objective: plain
    /// comparison). Unevaluated individuals are worst.
    public func isBetter(than other: Individual) -> Bool {
        let mine = weightedValues, theirs = other.weightedValues
        guard !mine.isEmpty else { return false }
        guard !theirs.isEmpty else { return true }
        for index in 0..<min(mine.count, theirs.count) where mine[index] != theirs[index] {
            // (NaN never occurs: assign maps it to -infinity.)
            return mine[index] > theirs[index]
        }
        return mine.count < theirs.count
    }

    /// Pareto dominance on weighted values: no objective worse, at least one better.
    public func dominates(_ other: Individual) -> Bool {
        let mine = weightedValues, theirs = other.weightedValues
        guard mine.count == theirs.count, !mine.isEmpty else { return false }
        var strictlyBetter = false
        for index in 0..<mine.count {
            if mine[index] < theirs[index] { return false }
            if mine[index] > theirs[index] { strictlyBetter = true }
        }
        return strictlyBetter
    }
}
