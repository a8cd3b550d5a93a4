public import GSLRandom
public import PypetCore

/// Random search: every generation evaluates `batchSize` uniform samples of the space.
public struct RandomSearch: Optimizer {
    public let problem: Problem
    /// The seed of every generation's stream.
    public let seed: UInt64
    /// Samples per generation.
    public let batchSize: Int

    public private(set) var generation = 0
    @PackedIndividuals public private(set) var population: [Individual] = []
    public private(set) var randomState: RandomStreamState?
    @PackedOptionalIndividuals private var pending: [Individual]?

    /// A random search.
    public init(problem: Problem, seed: UInt64, batchSize: Int = 100) throws(AlgorithmError) {
        try problem.space.requireBounded(for: "random search")
        guard batchSize >= 1 else { throw AlgorithmError(code: .invalidConfiguration, message: "the batch needs at least one sample") }
        self.problem = problem
        self.seed = seed
        self.batchSize = batchSize
    }

    public var name: String { "random" }
    public var isFinished: Bool { false }
    public var configuration: [String: PypetValue] {
        ["algorithm": .string(name), "seed": .string(String(seed)), "batch": .int(batchSize)]
    }
    public var state: [String: PypetValue] { StateArrays.populationState(population, problem: problem, generation: generation) }

    public mutating func ask() throws(AlgorithmError) -> [Individual] {
        guard pending == nil else { throw AlgorithmError(code: .protocolViolation, message: "ask() again before tell()", generation: generation) }
        let random = try Self.stream(seed: seed, generation: generation)
        let batch = (0..<batchSize).map { _ in Individual(genome: problem.space.sample(random)) }
        pending = batch
        randomState = random.state
        return batch
    }

    /// The individuals of the pending ``ask()``, nil when none is pending.
    public var pendingIndividuals: [Individual]? { pending }

    /// Puts `genomes` in place of the first pending individuals (a warm start).
    public mutating func replacePending(with genomes: [[Double]]) throws(AlgorithmError) {
        try Self.checkReplacements(genomes, pending: pending?.count, problem: problem, generation: generation)
        guard var batch = pending else { return }
        for (position, genome) in genomes.enumerated() { batch[position] = Individual(genome: genome) }
        pending = batch
    }

    public mutating func tell(_ evaluated: [Individual]) throws(AlgorithmError) {
        guard let asked = pending else { throw AlgorithmError(code: .protocolViolation, message: "tell() without ask()", generation: generation) }
        try Self.check(evaluated, against: asked, problem: problem, generation: generation)
        population = evaluated.map { individual in
            var copy = individual
            if let fitness = individual.fitness { copy.assign(fitness, objectives: problem.objectives) }
            return copy
        }
        pending = nil
        generation += 1
    }
}
