import Foundation
public import GSLRandom
public import PypetCore

/// Simulated annealing: each generation proposes `neighbors` Gaussian neighbours of the current point
/// (evaluated together, so they run in parallel); the best of them replaces the current point if it is
/// better, or else with the Metropolis probability `exp(−Δ/T)`; the temperature falls geometrically.
public struct SimulatedAnnealing: Optimizer {
    public let problem: Problem
    /// The seed of every generation's stream.
    public let seed: UInt64
    /// Starting temperature, in units of the objective.
    public let initialTemperature: Double
    /// Factor applied to the temperature every generation.
    public let cooling: Double
    /// Neighbourhood step relative to each bound range.
    public let step: Double
    /// Neighbours evaluated per generation.
    public let neighbors: Int

    public private(set) var generation = 0
    @PackedIndividuals public private(set) var population: [Individual] = []
    public private(set) var randomState: RandomStreamState?
    /// The current temperature.
    public private(set) var temperature: Double
    /// The current point.
    public private(set) var current: Individual?
    @PackedOptionalIndividuals private var pending: [Individual]?
    @PackedDoubles private var violations: [Double] = []

    /// Simulated annealing.
    public init(
        problem: Problem, seed: UInt64, initialTemperature: Double = 10, cooling: Double = 0.95, step: Double = 0.1, neighbors: Int = 1
    ) throws(AlgorithmError) {
        try problem.space.requireBounded(for: "simulated annealing")
        func invalid(_ message: String) -> AlgorithmError { AlgorithmError(code: .invalidConfiguration, message: message) }
        guard problem.objectives.count == 1 else { throw invalid("simulated annealing optimizes one objective") }
        guard initialTemperature > 0, cooling > 0, cooling <= 1, step > 0, neighbors >= 1 else {
            throw invalid("needs a positive temperature and step, cooling in (0, 1] and at least one neighbour")
        }
        self.problem = problem
        self.seed = seed
        self.initialTemperature = initialTemperature
        self.cooling = cooling
        self.step = step
        self.neighbors = neighbors
        temperature = initialTemperature
    }

    public var name: String { "annealing" }
    public var isFinished: Bool { false }

    public var configuration: [String: PypetValue] {
        [
            "algorithm": .string(name), "seed": .string(String(seed)), "t0": .double(initialTemperature),
            "cooling": .double(cooling), "step": .double(step), "neighbors": .int(neighbors),
        ]
    }

    public var state: [String: PypetValue] {
        var state = StateArrays.populationState(population, problem: problem, generation: generation)
        state["temperature"] = .double(temperature)
        if let current { state["current"] = .array(NDArray(current.genome)) }
        return state
    }

    public mutating func ask() throws(AlgorithmError) -> [Individual] {
        guard pending == nil else { throw AlgorithmError(code: .protocolViolation, message: "ask() again before tell()", generation: generation) }
        let random = try Self.stream(seed: seed, generation: generation)
        let variation = Variation(problem: problem)
        let ranges = zip(problem.space.lowerBounds, problem.space.upperBounds).map { $1 - $0 }
        var batch: [Individual]
        if let current {
            batch = (0..<neighbors).map { _ in
                var genome = current.genome
                for i in genome.indices {
                    genome[i] += variation.discrete[i]
                        ? Double(random.integer(in: -1...1))
                        : step * ranges[i] * random.gaussian()
                }
                return Individual(genome: genome)
            }
        } else {
            batch = [Individual(genome: problem.space.sample(random))]
        }
        violations = batch.indices.map { variation.enforceBounds(&batch[$0].genome, random) }
        pending = batch
        randomState = random.state
        return batch
    }

    /// The individuals of the pending ``ask()``, nil when none is pending.
    public var pendingIndividuals: [Individual]? { pending }

    public mutating func tell(_ evaluated: [Individual]) throws(AlgorithmError) {
        guard let asked = pending else { throw AlgorithmError(code: .protocolViolation, message: "tell() without ask()", generation: generation) }
        try Self.check(evaluated, against: asked, problem: problem, generation: generation)
        let variation = Variation(problem: problem)
        let told = variation.scored(evaluated, violations: violations)
        population = told
        guard let candidate = Selection.sortedBestFirst(told).first.map({ told[$0] }) else { return }
        if let current, let now = current.weighted.first, let proposed = candidate.weighted.first {
            let random: RandomStream
            do { random = try RandomStream(seed: seed, keys: [UInt64(generation), 1]) } catch {
                throw AlgorithmError(code: .random, message: "\(error)", generation: generation)
            }
            // Weighted values are larger-is-better; Δ > 0 is a worsening.
            let worsening = now - proposed
            if worsening <= 0 || random.uniform() < exp(-worsening / temperature) { self.current = candidate }
            temperature *= cooling
        } else {
            current = candidate
        }
        pending = nil
        generation += 1
    }
}
