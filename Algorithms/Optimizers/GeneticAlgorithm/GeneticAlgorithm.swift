public import GSLRandom
public import PypetCore

/// Genetic algorithms in DEAP's three forms (`eaSimple`, `eaMuPlusLambda`, `eaMuCommaLambda`), with any
/// crossover, mutation and selection operator.
///
/// - `simple`: select `mu` parents, pair them for crossover with probability `crossoverProbability`,
///   mutate each with `mutationProbability`; the offspring replace the population.
/// - `muPlusLambda`: `lambda` offspring, each from crossover, mutation or reproduction (`varOr`); the next
///   population is selected from parents and offspring.
/// - `muCommaLambda`: the same, selected from the offspring only (`lambda >= mu`).
///
/// Only changed individuals are evaluated again, as in DEAP.
public struct GeneticAlgorithm: Optimizer {
    /// The three forms.
    public enum Variant: String, Sendable, Hashable, Codable {
        case simple, muPlusLambda = "mu-plus-lambda", muCommaLambda = "mu-comma-lambda"
    }

    public let problem: Problem
    /// The seed of every generation's stream.
    public let seed: UInt64
    /// The form of the algorithm.
    public let variant: Variant
    /// Population size (`mu`).
    public let populationSize: Int
    /// Offspring per generation (`lambda`; the population size for `simple`).
    public let offspringSize: Int
    /// How parents are crossed.
    public let crossover: Crossover
    /// How offspring are mutated.
    public let mutation: Mutation
    /// How parents (and, for mu+lambda and mu,lambda, survivors) are chosen.
    public let selection: Selection
    /// Probability of mating a pair (`cxpb`).
    public let crossoverProbability: Double
    /// Probability of mutating an individual (`mutpb`).
    public let mutationProbability: Double

    public private(set) var generation = 0
    @PackedIndividuals public private(set) var population: [Individual] = []
    public private(set) var randomState: RandomStreamState?
    @PackedIndividuals private var offspring: [Individual] = []
    private var pending: [Int]?
    @PackedDoubles private var violations: [Double] = []

    /// A genetic algorithm; DEAP's defaults for the operators are SBX crossover (eta 20), polynomial
    /// mutation (eta 20, per-coordinate probability 1/dimensions) and a tournament of 3.
    public init(
        problem: Problem, seed: UInt64, variant: Variant = .simple, populationSize: Int = 100, offspringSize: Int? = nil,
        crossover: Crossover = .simulatedBinaryBounded(eta: 20), mutation: Mutation? = nil,
        selection: Selection = .tournament(size: 3), crossoverProbability: Double = 0.9, mutationProbability: Double = 0.1
    ) throws(AlgorithmError) {
        try problem.space.requireBounded(for: "the genetic algorithm")
        func invalid(_ message: String) -> AlgorithmError { AlgorithmError(code: .invalidConfiguration, message: message) }
        guard populationSize >= 2 else { throw invalid("the population needs at least 2 individuals") }
        let lambda = variant == .simple ? populationSize : (offspringSize ?? 2 * populationSize)
        guard lambda >= 1 else { throw invalid("lambda must be positive") }
        if variant == .muCommaLambda, lambda < populationSize { throw invalid("mu,lambda needs lambda >= mu") }
        guard (0...1).contains(crossoverProbability), (0...1).contains(mutationProbability) else {
            throw invalid("probabilities must be in 0...1")
        }
        if variant != .simple, crossoverProbability + mutationProbability > 1 {
            throw invalid("mu+lambda and mu,lambda need crossoverProbability + mutationProbability <= 1")
        }
        if case .tournament(let size) = selection, size < 1 { throw invalid("a tournament needs at least one aspirant") }
        self.problem = problem
        self.seed = seed
        self.variant = variant
        self.populationSize = populationSize
        self.offspringSize = lambda
        self.crossover = crossover
        self.mutation = mutation ?? .polynomialBounded(eta: 20, probability: 1 / Double(problem.space.count))
        self.selection = selection
        self.crossoverProbability = crossoverProbability
        self.mutationProbability = mutationProbability
    }

    public var name: String { "ga" }

    public var isFinished: Bool { false }

    public var configuration: [String: PypetValue] {
        [
            "algorithm": .string(name), "variant": .string(variant.rawValue), "seed": .string(String(seed)),
            "mu": .int(populationSize), "lambda": .int(offspringSize), "crossover": .string(crossover.description),
            "mutation": .string(mutation.description), "selection": .string(selection.description),
            "cxpb": .double(crossoverProbability), "mutpb": .double(mutationProbability),
        ]
    }

    public var state: [String: PypetValue] {
        StateArrays.populationState(population, problem: problem, generation: generation)
    }

    public mutating func ask() throws(AlgorithmError) -> [Individual] {
        guard pending == nil else {
            throw AlgorithmError(code: .protocolViolation, message: "ask() again before tell()", generation: generation)
        }
        let random = try Self.stream(seed: seed, generation: generation)
        // Bounds and masks follow from the problem: built per generation, not stored in the state.
        let variation = Variation(problem: problem)
        if generation == 0 {
            offspring = (0..<populationSize).map { _ in Individual(genome: problem.space.sample(random)) }
            violations = Array(repeating: 0, count: populationSize)
        } else {
            offspring = variant == .simple ? varyAnd(random, variation) : varyOr(random, variation)
            violations = offspring.indices.map { index in
                guard !offspring[index].isEvaluated else { return 0 }
                return variation.enforceBounds(&offspring[index].genome, random)
            }
        }
        let positions = offspring.indices.filter { !offspring[$0].isEvaluated }
        pending = positions
        randomState = random.state
        return positions.map { offspring[$0] }
    }

    /// The individuals of the pending ``ask()``, nil when none is pending.
    public var pendingIndividuals: [Individual]? { pending.map { positions in positions.map { offspring[$0] } } }

    /// Puts `genomes` in place of the first pending offspring (a warm start).
    public mutating func replacePending(with genomes: [[Double]]) throws(AlgorithmError) {
        try Self.checkReplacements(genomes, pending: pending?.count, problem: problem, generation: generation)
        guard let positions = pending else { return }
        for (genome, position) in zip(genomes, positions) {
            offspring[position] = Individual(genome: genome)
            violations[position] = 0
        }
    }

    public mutating func tell(_ evaluated: [Individual]) throws(AlgorithmError) {
        guard let positions = pending else {
            throw AlgorithmError(code: .protocolViolation, message: "tell() without ask()", generation: generation)
        }
        let proposed = offspring
        try Self.check(evaluated, count: positions.count, genome: { proposed[positions[$0]].genome }, problem: problem, generation: generation)
        let objectives = problem.objectives
        let penalizing = if case .penalty = problem.bounds { true } else { false }
        let variation = Variation(problem: problem)
        for (position, told) in zip(positions, evaluated) {
            offspring[position] = told
            if let fitness = told.fitness, penalizing || told.weightedValues.count != objectives.count {
                offspring[position].assign(variation.penalized(fitness, violation: violations[position]), objectives: objectives)
            }
        }
        switch (generation, variant) {
        case (0, _), (_, .simple):
            population = offspring
        case (_, .muPlusLambda):
            let random = try survivorStream()
            let pool = population + offspring
            population = selection.select(populationSize, from: pool, random: random).map { pool[$0] }
        case (_, .muCommaLambda):
            let random = try survivorStream()
            population = selection.select(populationSize, from: offspring, random: random).map { offspring[$0] }
        }
        offspring = []
        pending = nil
        generation += 1
    }

    // MARK: Variation

    /// DEAP's `varAnd` after selecting `mu` parents: crossover of consecutive pairs, then mutation.
    private func varyAnd(_ random: RandomStream, _ variation: Variation) -> [Individual] {
        var children = selection.select(populationSize, from: population, random: random).map { population[$0] }
        var index = 1
        while index < children.count {
            if random.uniform() < crossoverProbability {
                // Both genomes change in place (two elements of one buffer, no copies of the individuals).
                children.withUnsafeMutableBufferPointer { pair in
                    variation.crossover(crossover, &pair[index - 1].genome, &pair[index].genome, random)
                    pair[index - 1].invalidate()
                    pair[index].invalidate()
                }
            }
            index += 2
        }
        for index in children.indices where random.uniform() < mutationProbability {
            variation.mutate(mutation, &children[index].genome, random)
            children[index].invalidate()
        }
        return children
    }

    /// DEAP's `varOr`: each offspring from crossover, mutation or reproduction.
    private func varyOr(_ random: RandomStream, _ variation: Variation) -> [Individual] {
        (0..<offspringSize).map { _ in
            let choice = random.uniform()
            if choice < crossoverProbability, population.count >= 2 {
                let first = random.integer(in: 0...(population.count - 1))
                var second = random.integer(in: 0...(population.count - 2))
                if second >= first { second += 1 }
                var a = population[first], b = population[second]
                variation.crossover(crossover, &a.genome, &b.genome, random)
                a.invalidate()
                return a
            } else if choice < crossoverProbability + mutationProbability {
                var child = population[random.integer(in: 0...(population.count - 1))]
                variation.mutate(mutation, &child.genome, random)
                child.invalidate()
                return child
            }
            return population[random.integer(in: 0...(population.count - 1))]
        }
    }

    private func survivorStream() throws(AlgorithmError) -> RandomStream {
        do {
            return try RandomStream(seed: seed, keys: [UInt64(generation), 1])
        } catch {
            throw AlgorithmError(code: .random, message: "cannot create the survivor stream: \(error)", generation: generation)
        }
    }
}
