import Foundation
public import GSLRandom
public import PypetCore

/// Population-based training (PBT; Jaderberg et al. 2017, with Ray Tune's defaults): a population of
/// ``populationSize`` members trains in steps, one generation per step. After every step the members are
/// ranked by fitness; each member of the worst ``quantile`` (and every failed member) **exploits** a member
/// drawn uniformly from the best ``quantile``: it continues from that member's checkpoint with its
/// hyperparameters, which it then **explores**: each hyperparameter is resampled from its dimension with
/// probability ``resampleProbability``, otherwise perturbed (continuous and logarithmic values multiplied
/// by one of ``perturbationFactors`` drawn with equal probability; integers likewise, rounded and moved by
/// at least one; categories moved to the neighbouring category down or up), then clipped to the bounds.
/// The other members keep their hyperparameters and continue from their own checkpoint.
///
/// The genome is the hyperparameters followed by one integer dimension, ``checkpointParameter``
/// (`checkpoint` by default): the run whose saved state the member continues from, -1 for a fresh start
/// (every member of generation 0). Through an environment the run is the trajectory's run index
/// (``Individual/runIndex``, set by the driver); in memory (no run index) it is the evaluation's position
/// in the order of evaluation, counting from 0. The job reads the parameter, loads that run's state (for
/// example with `TrainingCheckpoints` of `PypetAlgorithms`), trains one step and saves its own state.
///
/// ``problem`` is the hyperparameter problem given to ``init(problem:seed:populationSize:quantile:resampleProbability:perturbationFactors:checkpointParameter:)``
/// with the checkpoint dimension appended. Every draw of generation `g` (the initial sample at 0, the
/// donors and the explorations after) comes from the GSL stream of (seed, g). State: the members of the last
/// step (genomes, fitness, run indices), exactly, so a recorded search resumes bit-identically.
public struct PopulationBasedTraining: Optimizer, Hashable {
    /// The hyperparameters and the checkpoint dimension (last).
    public let problem: Problem
    /// The hyperparameters alone, as given.
    public let hyperparameters: Problem
    /// The seed of every generation's stream.
    public let seed: UInt64
    /// Members of the population (every generation evaluates each once).
    public let populationSize: Int
    /// The fraction of members that exploit (the worst) and that are exploited (the best); 0.25.
    public let quantile: Double
    /// The probability that an explored hyperparameter is resampled instead of perturbed; 0.25.
    public let resampleProbability: Double
    /// The factors a perturbed hyperparameter is multiplied by, one drawn with equal probability; 0.8, 1.2.
    public let perturbationFactors: [Double]
    /// The name of the checkpoint dimension (a trajectory parameter): the run a member continues from.
    public let checkpointParameter: String

    public private(set) var generation = 0
    /// The members of the last step, in member order, with their fitness and run indices.
    @PackedIndividuals public private(set) var population: [Individual] = []
    public private(set) var randomState: RandomStreamState?
    /// Individuals evaluated so far (the in-memory addressing of checkpoints).
    public private(set) var evaluations = 0
    /// For every member of the pending or last asked generation, the member it exploited (-1: none).
    public private(set) var exploitedFrom: [Int] = []
    @PackedOptionalIndividuals private var pending: [Individual]?

    /// The default name of the checkpoint dimension.
    public static let defaultCheckpointParameter = "checkpoint"

    /// Population-based training of the hyperparameters of `problem`.
    ///
    /// - Throws: ``AlgorithmError`` (`invalidConfiguration`) for several objectives, an unbounded dimension,
    ///   fewer than 2 members, a quantile outside `(0, 0.5]`, a resample probability outside `[0, 1]`, no
    ///   or non-positive perturbation factors, or a checkpoint parameter named like a hyperparameter.
    public init(
        problem: Problem, seed: UInt64, populationSize: Int = 8, quantile: Double = 0.25, resampleProbability: Double = 0.25,
        perturbationFactors: [Double] = [0.8, 1.2], checkpointParameter: String = Self.defaultCheckpointParameter
    ) throws(AlgorithmError) {
        func invalid(_ message: String) -> AlgorithmError { AlgorithmError(code: .invalidConfiguration, message: "population-based training: " + message) }
        try problem.space.requireBounded(for: "population-based training")
        guard problem.objectives.count == 1 else { throw invalid("PBT ranks members by one objective; the problem has \(problem.objectives.count)") }
        guard populationSize >= 2 else { throw invalid("the population needs at least 2 members to exploit one another, not \(populationSize)") }
        guard quantile > 0, quantile <= 0.5 else {
            throw invalid("the quantile \(quantile) must lie in (0, 0.5]: the worst and the best quantile must not overlap (Ray Tune uses 0.25)")
        }
        guard resampleProbability >= 0, resampleProbability <= 1 else { throw invalid("the resample probability \(resampleProbability) must lie in [0, 1]") }
        guard !perturbationFactors.isEmpty, perturbationFactors.allSatisfy({ $0 > 0 && $0.isFinite }) else {
            throw invalid("the perturbation factors \(perturbationFactors) must be positive and finite, and at least one")
        }
        guard !problem.space.dimensions.contains(where: { $0.name == checkpointParameter }) else {
            throw invalid("the checkpoint parameter '\(checkpointParameter)' is also a hyperparameter; name it otherwise (checkpointParameter:)")
        }
        let extended = try ParameterSpace(
            problem.space.dimensions + [.integer(checkpointParameter, lower: -1, upper: Int(Int32.max))], conditions: problem.space.conditions)
        self.problem = try Problem(space: extended, objectives: problem.objectives, bounds: problem.bounds)
        hyperparameters = problem
        self.seed = seed
        self.populationSize = populationSize
        self.quantile = quantile
        self.resampleProbability = resampleProbability
        self.perturbationFactors = perturbationFactors
        self.checkpointParameter = checkpointParameter
    }

    public var name: String { "pbt" }

    /// PBT never finishes by itself (the stopping criteria end the training).
    public var isFinished: Bool { false }

    public var configuration: [String: PypetValue] {
        [
            "algorithm": .string(name), "seed": .string(String(seed)), "population": .int(populationSize), "quantile": .double(quantile),
            "resample_probability": .double(resampleProbability), "perturbation_factors": .array(NDArray(perturbationFactors)),
            "checkpoint_parameter": .string(checkpointParameter),
        ]
    }

    public var state: [String: PypetValue] {
        var state = StateArrays.populationState(population, problem: problem, generation: generation)
        state["run_indices"] = .array(NDArray(population.map { $0.runIndex ?? -1 }))
        state["exploited_from"] = .array(NDArray(exploitedFrom))
        state["evaluations"] = .int(evaluations)
        return state
    }

    /// The individuals of the pending ``ask()``, nil when none is pending.
    public var pendingIndividuals: [Individual]? { pending }

    /// The checkpoint (run) a genome continues from, nil for a fresh start.
    public func checkpoint(of genome: [Double]) -> Int? {
        guard let last = genome.last, genome.count == problem.space.count, last >= 0 else { return nil }
        return Int(last.rounded())
    }

    /// The number of members that exploit (and that are exploited) in a population of `count`: Ray Tune's
    /// `ceil(count × quantile)`, at most half the population.
    public static func quantileCount(_ count: Int, quantile: Double) -> Int {
        min(Int((Double(count) * quantile).rounded(.up)), count / 2)
    }

    // MARK: Ask and tell

    public mutating func ask() throws(AlgorithmError) -> [Individual] {
        guard pending == nil else { throw AlgorithmError(code: .protocolViolation, message: "ask() again before tell()", generation: generation) }
        let random = try Self.stream(seed: seed, generation: generation)
        var batch: [Individual] = []
        batch.reserveCapacity(populationSize)
        var exploited = [Int](repeating: -1, count: populationSize)
        if population.count != populationSize {
            // The first step: every member starts afresh from a uniform sample.
            for _ in 0..<populationSize { batch.append(Individual(genome: hyperparameters.space.sample(random) + [-1])) }
        } else {
            let ranking = population.indices.sorted { a, b in
                if population[a].isBetter(than: population[b]) { return true }
                if population[b].isBetter(than: population[a]) { return false }
                return a < b
            }
            let count = Self.quantileCount(populationSize, quantile: quantile)
            let worst = Set(ranking.suffix(count)).union(population.indices.filter { population[$0].failure != nil })
            let donors = ranking.prefix(count).filter { population[$0].failure == nil }
            for member in 0..<populationSize {
                let current = population[member]
                if worst.contains(member) {
                    if donors.isEmpty {
                        // Nobody to copy: start afresh.
                        batch.append(Individual(genome: hyperparameters.space.sample(random) + [-1]))
                        continue
                    }
                    let donor = donors[random.integer(in: 0...(donors.count - 1))]
                    exploited[member] = donor
                    let explored = try explore(Array(population[donor].genome.dropLast()), random: random)
                    batch.append(Individual(genome: explored + [Double(population[donor].runIndex ?? -1)]))
                } else {
                    batch.append(Individual(genome: Array(current.genome.dropLast()) + [Double(current.runIndex ?? -1)]))
                }
            }
        }
        pending = batch
        exploitedFrom = exploited
        randomState = random.state
        return batch
    }

    public mutating func tell(_ evaluated: [Individual]) throws(AlgorithmError) {
        guard let asked = pending else { throw AlgorithmError(code: .protocolViolation, message: "tell() without ask()", generation: generation) }
        try Self.check(evaluated, against: asked, problem: problem, generation: generation)
        var members = evaluated
        for index in members.indices {
            if let fitness = members[index].fitness { members[index].assign(fitness, objectives: problem.objectives) }
            // In memory there is no run: the evaluation's position addresses its checkpoint.
            if members[index].runIndex == nil { members[index].runIndex = evaluations + index }
        }
        population = members
        evaluations += members.count
        pending = nil
        generation += 1
    }

    /// The hyperparameters `genome` explored: each resampled or perturbed, then clipped.
    private func explore(_ genome: [Double], random: RandomStream) throws(AlgorithmError) -> [Double] {
        let space = hyperparameters.space
        let fresh = space.sample(random)
        var explored = genome
        for (index, dimension) in space.dimensions.enumerated() {
            if random.uniform() < resampleProbability {
                explored[index] = fresh[index]
                continue
            }
            let factor = perturbationFactors[random.integer(in: 0...(perturbationFactors.count - 1))]
            let value = genome[index]
            switch dimension {
            case .continuous, .logarithmic:
                explored[index] = value * factor
            case .integer:
                var moved = (value * factor).rounded()
                if moved == value, factor != 1 { moved = value + (factor > 1 ? 1 : -1) }
                explored[index] = moved
            case .categorical:
                explored[index] = factor == 1 ? value : value + (factor > 1 ? 1 : -1)
            }
        }
        space.repair(&explored)
        return explored
    }
}
