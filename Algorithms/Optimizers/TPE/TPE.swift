import Foundation
public import GSLRandom
public import PypetCore

/// The tree-structured Parzen estimator (TPE; Bergstra et al. 2011) with Optuna's defaults: after
/// ``startupTrials`` random trials, the trials told so far are split into the best `γ(n) = min(⌈0.1 n⌉, 25)`
/// and the rest; a ``ParzenEstimator`` of each (`l` and `g`) is built, ``candidates`` points are drawn from
/// `l`, and the one with the largest `log l(x) − log g(x)` is proposed.
///
/// Univariate (default, Optuna's `multivariate=False`): every dimension is modelled and chosen on its own.
/// Multivariate (Optuna's `multivariate=True`): one joint estimator over all dimensions. Batches of
/// ``batchSize`` trials per ``ask()`` use the constant liar: the points already proposed in the batch join
/// the worse group while the rest of the batch is chosen. Continuous, logarithmic (the estimator models
/// the logarithm), integer and categorical dimensions; one objective (minimized or maximized) or several
/// (Optuna's multi-objective TPE: the better group is made of whole non-dominated fronts, then the subset of
/// the next front with the largest hypervolume; its kernels are weighted by hypervolume contribution). Failed
/// trials (``Individual/failure``) are left out of the model. Conditional dimensions: univariate, a
/// dimension is proposed only when its parent's proposed value activates it, from the trials in which it
/// was active; multivariate, the dimensions are split into groups that are always active together
/// (Optuna's `group=True`), each modelled jointly from the trials in which it was active. A dimension its
/// parent leaves inactive holds its default.
///
/// State: every trial told (genome and fitness), exactly, so a recorded search resumes bit-identically.
public struct TPE: Optimizer, Hashable {
    public let problem: Problem
    /// The seed of every generation's stream.
    public let seed: UInt64
    /// How many trials are drawn uniformly at random before the model is used (10).
    public let startupTrials: Int
    /// How many points are drawn from `l` to choose each proposal from (24).
    public let candidates: Int
    /// How many trials each ``ask()`` proposes (1).
    public let batchSize: Int
    /// Whether one joint estimator models all dimensions.
    public let multivariate: Bool
    /// Whether the points already proposed in a batch count as bad ones while the rest is chosen.
    public let constantLiar: Bool
    /// The weight of the prior kernel (1).
    public let priorWeight: Double

    public private(set) var generation = 0
    @PackedIndividuals public private(set) var population: [Individual] = []
    public private(set) var randomState: RandomStreamState?
    /// Every trial told so far, in order (failed ones included, marked).
    @PackedIndividuals public private(set) var trials: [Individual] = []
    @PackedOptionalIndividuals private var pending: [Individual]?

    /// TPE for `problem`.
    ///
    /// - Throws: ``AlgorithmError`` (`invalidConfiguration`) for an unbounded dimension, or counts below 1 (startup trials may be 0) or a non-positive prior weight.
    public init(
        problem: Problem, seed: UInt64, startupTrials: Int = 10, candidates: Int = 24, batchSize: Int = 1, multivariate: Bool = false,
        constantLiar: Bool = true, priorWeight: Double = 1
    ) throws(AlgorithmError) {
        func invalid(_ message: String) -> AlgorithmError { AlgorithmError(code: .invalidConfiguration, message: message) }
        try problem.space.requireBounded(for: "TPE")
        guard startupTrials >= 0 else { throw invalid("startupTrials cannot be negative") }
        guard candidates >= 1 else { throw invalid("TPE needs at least one candidate per proposal") }
        guard batchSize >= 1 else { throw invalid("the batch needs at least one trial") }
        guard priorWeight > 0, priorWeight.isFinite else { throw invalid("the prior weight must be positive and finite") }
        self.problem = problem
        self.seed = seed
        self.startupTrials = startupTrials
        self.candidates = candidates
        self.batchSize = batchSize
        self.multivariate = multivariate
        self.constantLiar = constantLiar
        self.priorWeight = priorWeight
    }

    public var name: String { "tpe" }

    /// TPE never finishes by itself.
    public var isFinished: Bool { false }

    public var configuration: [String: PypetValue] {
        [
            "algorithm": .string(name), "seed": .string(String(seed)), "n_startup_trials": .int(startupTrials),
            "n_ei_candidates": .int(candidates), "batch_size": .int(batchSize), "multivariate": .bool(multivariate),
            "constant_liar": .bool(constantLiar), "prior_weight": .double(priorWeight),
        ]
    }

    public var state: [String: PypetValue] {
        var state = StateArrays.populationState(population, problem: problem, generation: generation)
        state["trials"] = .int(trials.count)
        return state
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

    // MARK: Ask and tell

    public mutating func ask() throws(AlgorithmError) -> [Individual] {
        guard pending == nil else { throw AlgorithmError(code: .protocolViolation, message: "ask() again before tell()", generation: generation) }
        let random = try Self.stream(seed: seed, generation: generation)
        let model = TPEModel(problem: problem, trials: trials)
        var batch: [Individual] = []
        batch.reserveCapacity(batchSize)
        for _ in 0..<batchSize {
            let genome: [Double]
            if model.completed < startupTrials {
                genome = problem.space.sample(random)
            } else {
                genome = model.propose(
                    random, liars: constantLiar ? batch.map(\.genome) : [], candidates: candidates, multivariate: multivariate,
                    priorWeight: priorWeight)
            }
            batch.append(Individual(genome: genome))
        }
        pending = batch
        randomState = random.state
        return batch
    }

    public mutating func tell(_ evaluated: [Individual]) throws(AlgorithmError) {
        guard let asked = pending else { throw AlgorithmError(code: .protocolViolation, message: "tell() without ask()", generation: generation) }
        try Self.check(evaluated, against: asked, problem: problem, generation: generation)
        var scored = evaluated
        for index in scored.indices {
            if let fitness = scored[index].fitness { scored[index].assign(fitness, objectives: problem.objectives) }
        }
        population = scored
        trials.append(contentsOf: scored)
        pending = nil
        generation += 1
    }
}
