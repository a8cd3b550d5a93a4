public import GSLRandom
public import PypetCore

/// NSGA-II for several objectives: offspring by binary crowded tournament, crossover and mutation;
/// the next population is the best `populationSize` of parents and offspring by non-dominated rank, then
/// crowding distance.
public struct NSGA2: Optimizer {
    public let problem: Problem
    /// The seed of every generation's stream.
    public let seed: UInt64
    /// Individuals per generation (even).
    public let populationSize: Int
    /// How parents are crossed.
    public let crossover: Crossover
    /// How offspring are mutated.
    public let mutation: Mutation
    /// Probability that a pair of parents is crossed.
    public let crossoverProbability: Double

    public private(set) var generation = 0
    @PackedIndividuals public private(set) var population: [Individual] = []
    public private(set) var randomState: RandomStreamState?
    @PackedIndividuals private var offspring: [Individual] = []
    @PackedOptionalIndividuals private var pending: [Individual]?
    @PackedDoubles private var violations: [Double] = []

    /// NSGA-II with DEAP's usual operators (SBX eta 20, polynomial mutation eta 20 with probability 1/D).
    public init(
        problem: Problem, seed: UInt64, populationSize: Int = 100, crossover: Crossover = .simulatedBinaryBounded(eta: 20),
        mutation: Mutation? = nil, crossoverProbability: Double = 0.9
    ) throws(AlgorithmError) {
        try problem.space.requireBounded(for: "NSGA-II")
        func invalid(_ message: String) -> AlgorithmError { AlgorithmError(code: .invalidConfiguration, message: message) }
        guard populationSize >= 4, populationSize % 2 == 0 else { throw invalid("NSGA-II needs an even population of at least 4") }
        guard (0...1).contains(crossoverProbability) else { throw invalid("the crossover probability must be in 0...1") }
        self.problem = problem
        self.seed = seed
        self.populationSize = populationSize
        self.crossover = crossover
        self.mutation = mutation ?? .polynomialBounded(eta: 20, probability: 1 / Double(problem.space.count))
        self.crossoverProbability = crossoverProbability
    }

    public var name: String { "nsga2" }
    public var isFinished: Bool { false }

    public var configuration: [String: PypetValue] {
        [
            "algorithm": .string(name), "seed": .string(String(seed)), "population": .int(populationSize),
            "crossover": .string(crossover.description), "mutation": .string(mutation.description), "cxpb": .double(crossoverProbability),
        ]
    }

    public var state: [String: PypetValue] {
        StateArrays.populationState(population, problem: problem, generation: generation)
    }

    public mutating func ask() throws(AlgorithmError) -> [Individual] {
        guard pending == nil else { throw AlgorithmError(code: .protocolViolation, message: "ask() again before tell()", generation: generation) }
        let random = try Self.stream(seed: seed, generation: generation)
        // Bounds and masks follow from the problem: built per generation, not stored in the state.
        let variation = Variation(problem: problem)
        if generation == 0 {
            offspring = (0..<populationSize).map { _ in Individual(genome: problem.space.sample(random)) }
            violations = Array(repeating: 0, count: populationSize)
        } else {
            let (ranks, distances) = rankAndCrowding(population)
            func tournament() -> Individual {
                let a = random.integer(in: 0...(population.count - 1)), b = random.integer(in: 0...(population.count - 1))
                if ranks[a] != ranks[b] { return population[ranks[a] < ranks[b] ? a : b] }
                if distances[a] != distances[b] { return population[distances[a] > distances[b] ? a : b] }
                return population[random.uniform() < 0.5 ? a : b]
            }
            offspring = []
            violations = []
            while offspring.count < populationSize {
                var first = tournament(), second = tournament()
                if random.uniform() <= crossoverProbability { variation.crossover(crossover, &first.genome, &second.genome, random) }
                variation.mutate(mutation, &first.genome, random)
                variation.mutate(mutation, &second.genome, random)
                for var child in [first, second] where offspring.count < populationSize {
                    child.invalidate()
                    violations.append(variation.enforceBounds(&child.genome, random))
                    offspring.append(child)
                }
            }
        }
        pending = offspring
        randomState = random.state
        return offspring
    }

    /// The individuals of the pending ``ask()``, nil when none is pending.
    public var pendingIndividuals: [Individual]? { pending }

    public mutating func tell(_ evaluated: [Individual]) throws(AlgorithmError) {
        guard let asked = pending else { throw AlgorithmError(code: .protocolViolation, message: "tell() without ask()", generation: generation) }
        try Self.check(evaluated, against: asked, problem: problem, generation: generation)
        let told = Variation(problem: problem).scored(evaluated, violations: violations)
        let pool = population + told
        population = NondominatedSorting.selectNSGA2(populationSize, from: pool).map { pool[$0] }
        offspring = []
        pending = nil
        generation += 1
    }

    /// Each member's front rank and crowding distance within its front.
    private func rankAndCrowding(_ population: [Individual]) -> (ranks: [Int], distances: [Double]) {
        var ranks = [Int](repeating: 0, count: population.count)
        var distances = [Double](repeating: 0, count: population.count)
        for (rank, front) in NondominatedSorting.fronts(population).enumerated() {
            let crowding = NondominatedSorting.crowdingDistances(front, in: population)
            for (member, distance) in zip(front, crowding) {
                ranks[member] = rank
                distances[member] = distance
            }
        }
        return (ranks, distances)
    }
}
