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
    /// The values of the problem's constraint functions at the genome (empty: unconstrained). A constraint
    /// holds when its value is at most 0 (Optuna's convention); positive values are violations.
    public var constraints: [Double] = []

    /// The total constraint violation: the sum of the positive constraint values (a NaN counts as an
    /// infinite violation); 0 for a feasible or unconstrained individual.
    public var violation: Double {
        var total = 0.0
        for value in constraints {
            if value.isNaN { return .infinity }
            if value > 0 { total += value }
        }
        return total
    }

    /// Whether every constraint holds.
    public var isFeasible: Bool { violation == 0 }

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
        constraints = []
    }

    /// Whether `self` is better than `other`: feasibility first (the smaller ``violation``), then
    /// lexicographically on weighted values (single objective: plain comparison). Unevaluated individuals
    /// are worst.
    public func isBetter(than other: Individual) -> Bool {
        let mine = weightedValues, theirs = other.weightedValues
        guard !mine.isEmpty else { return false }
        guard !theirs.isEmpty else { return true }
        // Feasibility first (Deb's rules): a smaller total violation wins; feasible ones compare by value.
        if !constraints.isEmpty || !other.constraints.isEmpty {
            let mineViolation = violation, theirViolation = other.violation
            if mineViolation != theirViolation { return mineViolation < theirViolation }
        }
        for index in 0..<min(mine.count, theirs.count) where mine[index] != theirs[index] {
            // (NaN never occurs: assign maps it to -infinity.)
            return mine[index] > theirs[index]
        }
        return mine.count < theirs.count
    }

    /// Pareto dominance on weighted values (no objective worse, at least one better), with Deb's
    /// constraint domination when there are constraints.
    public func dominates(_ other: Individual) -> Bool {
        let mine = weightedValues, theirs = other.weightedValues
        guard mine.count == theirs.count, !mine.isEmpty else { return false }
        // Deb's constraint domination: feasible dominates infeasible, the smaller violation dominates among
        // infeasible ones, Pareto dominance among feasible ones.
        if !constraints.isEmpty || !other.constraints.isEmpty {
            let mineViolation = violation, theirViolation = other.violation
            if mineViolation > 0 || theirViolation > 0 { return mineViolation < theirViolation }
        }
        var strictlyBetter = false
        for index in 0..<mine.count {
            if mine[index] < theirs[index] { return false }
            if mine[index] > theirs[index] { strictlyBetter = true }
        }
        return strictlyBetter
    }
}
