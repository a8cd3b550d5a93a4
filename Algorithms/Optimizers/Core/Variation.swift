import GSLRandom

/// Shared helpers for algorithms that vary genomes: bound handling and the discrete-coordinate masks.
struct Variation: Sendable, Hashable {
    let problem: Problem
    let discrete: [Bool]
    let categorical: [Bool]
    let lower: [Double]
    let upper: [Double]

    init(problem: Problem) {
        self.problem = problem
        discrete = problem.space.discreteMask
        categorical = problem.space.dimensions.map { if case .categorical = $0 { true } else { false } }
        lower = problem.space.lowerBounds
        upper = problem.space.upperBounds
    }

    func crossover(_ operation: Crossover, _ first: inout [Double], _ second: inout [Double], _ random: RandomStream) {
        operation.apply(&first, &second, lower: lower, upper: upper, random: random)
    }

    func mutate(_ operation: Mutation, _ genome: inout [Double], _ random: RandomStream) {
        operation.apply(&genome, lower: lower, upper: upper, discrete: discrete, categorical: categorical, random: random)
    }

    /// Applies the problem's bound handling to a new genome; returns how far outside the bounds it was in
    /// the penalty mode, which charges it later (0 in the other modes, which never read it).
    func enforceBounds(_ genome: inout [Double], _ random: RandomStream) -> Double {
        let violation: Double
        if case .penalty = problem.bounds { violation = problem.space.violation(genome) } else { violation = 0 }
        switch problem.bounds {
        case .clip, .penalty:
            problem.space.repair(&genome)
        case .reflect:
            problem.space.repair(&genome, reflect: true)
        case .resample:
            // Coordinates outside the bounds are drawn again, uniformly inside them.
            for index in genome.indices where genome[index] < lower[index] || genome[index] > upper[index] || !genome[index].isFinite {
                genome[index] = discrete[index]
                    ? Double(random.integer(in: Int(lower[index])...Int(upper[index])))
                    : lower[index] + (upper[index] - lower[index]) * random.uniform()
            }
            problem.space.repair(&genome)
        }
        return violation
    }

    /// The fitness after the penalty for `violation` (penalty mode only): every objective worsens by
    /// `weight × violation`.
    func penalized(_ fitness: Fitness, violation: Double) -> Fitness {
        guard case .penalty(let weight) = problem.bounds, violation > 0 else { return fitness }
        return Fitness(zip(fitness.values, problem.objectives).map { value, objective in
            objective.direction == .minimize ? value + weight * violation : value - weight * violation
        })
    }

    /// The evaluated individuals with their fitness assigned for the problem's objectives, penalized by
    /// how far outside the bounds each was proposed (penalty mode).
    func scored(_ evaluated: [Individual], violations: [Double]) -> [Individual] {
        zip(evaluated, violations).map { individual, violation in
            var scored = individual
            if let fitness = individual.fitness { scored.assign(penalized(fitness, violation: violation), objectives: problem.objectives) }
            return scored
        }
    }
}
