import Foundation
public import GSLRandom
public import PypetCore

/// The covariance matrix adaptation evolution strategy (CMA-ES) with active covariance update, pycma's
/// boundary transformation, termination criteria and IPOP or BIPOP restarts.
///
/// Samples `λ` points from `N(m, σ² C)`, moves the mean to the weighted average of the best `μ = λ/2`,
/// adapts `C` by the rank-one and rank-μ updates (with negative weights for the worst `λ − μ`: the
/// active update) and `σ` by cumulative step-size adaptation, with pycma 4.x's constants by default
/// (``CMAESParameters``). Bounds are handled by pycma's smooth transformation of the samples into the box
/// (``CMAESBoundaryHandling/transform``, ``CMAESBoundTransform``), the update using the untransformed
/// samples. When a run terminates (``CMAESTermination``), it restarts: IPOP doubles the population, BIPOP
/// alternates that with small populations and small steps (``CMAESRestarts``).
///
/// The start point and the start step of every dimension are in the problem's units; continuous
/// dimensions may be unbounded (`-.infinity...infinity`) when a start point and start steps are given.
/// Discrete dimensions are searched as continuous and rounded when evaluated.
///
/// The whole state (mean, step size, covariance, its eigendecomposition, both paths, histories, restart
/// budgets) is `Codable` with exact doubles, so a recorded search resumes bit-identically.
public struct CMAES: Optimizer, Hashable {
    public let problem: Problem
    /// The seed of every generation's stream.
    public let seed: UInt64
    /// The initial step size relative to each dimension's range, when ``initialSteps`` is not given (0.3).
    public let initialSigma: Double
    /// Population size of the first run (default `4 + ⌊3 ln n⌋`).
    public let initialPopulationSize: Int
    /// The unrounded first population size that restarts multiply (pycma: `4 + 3 ln n` before rounding, so
    /// IPOP's populations are `⌊(4 + 3 ln n) 2^k⌋`; the given size when ``initialPopulationSize`` was given).
    public let basePopulationSize: Double
    /// How runs restart.
    public let restartStrategy: CMAESRestarts
    /// How many restarts are allowed; nil: as many as the evaluation budget of the caller allows.
    public let maximumRestarts: Int?
    /// Termination tolerance on the spread of the best fitness values (`tolfun`).
    public let functionTolerance: Double
    /// Termination tolerance on the step size times every coordinate's standard deviation and evolution path,
    /// in the problem's units (pycma's absolute `tolx`, 1e-11 by default; before state version 3 it was
    /// relative to the largest initial step).
    public let stepTolerance: Double
    /// Whether the covariance update uses negative weights for the worst individuals (active CMA-ES).
    public let activeUpdate: Bool
    /// The start point in the problem's units (nil: uniformly random in the bounds, at every restart).
    public let start: [Double]?
    /// The start standard deviation of every dimension, in the problem's units.
    public let initialSteps: [Double]
    /// How samples are kept in the bounds (default: pycma's transformation).
    public let boundaryHandling: CMAESBoundaryHandling
    /// Which default strategy constants are used (default: pycma's).
    public let constants: CMAESConstants
    /// Whether a run that ends and restarts has its final mean evaluated once, as the last individual of the
    /// next run's first ask (pycma's `eval_final_mean`, default true); it takes no part in the update.
    public let evaluateFinalMean: Bool
    /// Whether a run ends (``CMAESTermination/tolfundominated``) when an earlier run found a better value by a
    /// gap it cannot close (default false, as pycma, which has no such criterion). Recorded as optional so
    /// that a version-3 record decodes (and resumes, with the rule off).
    public var stopsDominatedRuns: Bool { dominatedRunsStop ?? false }
    let dominatedRunsStop: Bool?

    /// The version of the recorded (`Codable`) state; a record of another version does not decode.
    public static var stateVersion: Int { 4 }
    /// The version of this state (``stateVersion`` when made by this build).
    public internal(set) var version = CMAES.stateVersion

    public internal(set) var generation = 0
    @PackedIndividuals public internal(set) var population: [Individual] = []
    public internal(set) var randomState: RandomStreamState?
    /// The number of restarts so far.
    public internal(set) var restarts = 0
    /// Whether the last run terminated and no restart is left.
    public internal(set) var isFinished = false
    /// Why each finished run terminated, in order.
    public internal(set) var terminations: [CMAESTermination] = []

    /// The mean of the current run (empty before the first ask of a run).
    @PackedDoubles public internal(set) var mean: [Double] = []
    /// The step size σ.
    public internal(set) var sigma: Double = 0
    /// The covariance matrix C, row-major `n x n`.
    @PackedDoubles public internal(set) var covariance: [Double] = []
    /// The evolution path of the covariance.
    @PackedDoubles public internal(set) var pathC: [Double] = []
    /// The evolution path of the step size.
    @PackedDoubles public internal(set) var pathSigma: [Double] = []
    /// The population size of the current run.
    public internal(set) var lambda: Int = 0
    /// The regime of the current run.
    public internal(set) var regime: CMAESRegime = .large
    /// The generations of the current run so far.
    public internal(set) var runGeneration = 0
    /// The evaluations spent in each regime by finished runs (BIPOP chooses the one with fewer).
    public internal(set) var largeBudget = 0, smallBudget = 0
    /// How many large-regime restarts happened (the population doubles with each).
    public internal(set) var largeRestarts = 0

    @PackedDoubles var eigenvectors: [Double] = []
    @PackedDoubles var axes: [Double] = []
    /// pycma's coordinate-wise scaling of the samples (`sigma_vec`): 1 until a coordinate's standard deviation
    /// exceeds a third of its range, then shrunk so that it does not (`maxstd_boundrange`).
    @PackedDoubles public internal(set) var stepScaling: [Double] = []
    var runSigma0: Double = 0
    var runEvaluations = 0
    /// The most iterations the current run may take (pycma's `maxiter`; BIPOP's small runs take fewer).
    var runMaximumGenerations: Double = .infinity
    var flatGenerations = 0
    /// The best value of the run so far and the run's evaluations when it was found.
    var runBest: Double = .infinity
    var runBestEvaluations = 0
    /// The best value of a feasible individual in the whole search (all runs, final means included; nil
    /// before the first).
    var searchBest: Double?
    /// The best value of each of the last `10 + 30 n / λ` generations (tolfun, tolfunhist).
    @PackedDoubles var recentBest: [Double] = []
    /// The best and the median value of every fifth generation of the run (tolstagnation).
    @PackedDoubles var bestHistory: [Double] = []
    @PackedDoubles var medianHistory: [Double] = []
    /// The mean where ``CMAESTermination/tolxstagnation`` last saw it move (nil in a record of version 2,
    /// which is refused at its next ask).
    var meanStagnation: MeanStagnation?
    @PackedOptionalIndividuals var pending: [Individual]?
    @PackedDoubles var violations: [Double] = []
    /// The untransformed samples of the pending ask, row by row (``CMAESBoundaryHandling/transform``).
    @PackedDoubles var genotypes: [Double] = []
    /// How many of the pending ask's first individuals are given points (``replacePending(with:)``).
    var injectedCount = 0
    /// The final mean of the run that just ended, to be evaluated with the next ask (``evaluateFinalMean``).
    @PackedDoubles var finalMean: [Double] = []
    /// How many of the last individuals of the pending (or last) ask are not samples of the run (the
    /// previous run's final mean).
    var extraCount = 0

    /// CMA-ES for `problem`.
    ///
    /// - Parameters:
    ///   - start: the first mean in the problem's units (nil: uniformly random in the bounds; needed when a
    ///     dimension is unbounded). With a start point, every restart starts there again.
    ///   - initialSteps: the start standard deviation of every dimension in the problem's units (nil:
    ///     `initialSigma` times each dimension's range; needed when a dimension is unbounded).
    ///   - restarts: IPOP (default), BIPOP or none.
    ///   - maximumRestarts: nil for no limit (the caller's evaluation budget ends the search).
    ///   - boundaryHandling: pycma's transformation into the bounds (default) or the problem's rule.
    ///   - constants: pycma's default strategy constants (default) or the tutorial's.
    ///   - evaluateFinalMean: evaluate each restarted run's final mean once (pycma's `eval_final_mean`).
    ///   - stopsDominatedRuns: end a run when an earlier run's best is better by a gap it cannot close
    ///     (``CMAESTermination/tolfundominated``; default false: not in pycma, whose runs converge fully).
    /// - Throws: ``AlgorithmError`` (`invalidConfiguration`) for several objectives, a non-positive step,
    ///   a start point or steps of the wrong size, outside the bounds or not finite, or an unbounded
    ///   dimension without start point and step.
    public init(
        problem: Problem, seed: UInt64, start: [Double]? = nil, initialSteps: [Double]? = nil, initialSigma: Double = 0.3,
        populationSize: Int? = nil, restarts: CMAESRestarts = .ipop, maximumRestarts: Int? = nil, activeUpdate: Bool = true,
        functionTolerance: Double = 1e-11, stepTolerance: Double = 1e-11, boundaryHandling: CMAESBoundaryHandling = .transform,
        constants: CMAESConstants = .pycma, evaluateFinalMean: Bool = true, stopsDominatedRuns: Bool = false
    ) throws(AlgorithmError) {
        func invalid(_ message: String) -> AlgorithmError { AlgorithmError(code: .invalidConfiguration, message: message) }
        guard problem.objectives.count == 1 else { throw invalid("CMA-ES optimizes one objective") }
        try problem.space.requireUnconditional(for: "CMA-ES")
        guard initialSigma > 0, initialSigma.isFinite else { throw invalid("the initial step size must be positive and finite") }
        let n = problem.space.count
        let base = populationSize.map(Double.init) ?? 4 + 3 * log(Double(n))
        let lambda = Int(base)
        guard lambda >= 2 else { throw invalid("CMA-ES needs a population of at least 2") }
        if let maximumRestarts, maximumRestarts < 0 { throw invalid("maximumRestarts cannot be negative") }
        guard functionTolerance >= 0, stepTolerance >= 0 else { throw invalid("tolerances cannot be negative") }
        let lower = problem.space.lowerBounds, upper = problem.space.upperBounds
        if let start {
            guard start.count == n else { throw invalid("the start point has \(start.count) coordinates, the space \(n) dimensions") }
            for index in 0..<n where !(start[index].isFinite && start[index] >= lower[index] && start[index] <= upper[index]) {
                throw invalid("start coordinate \(index) ('\(problem.space.dimensions[index].name)') = \(start[index]) is not a finite value in the bounds")
            }
        }
        let steps: [Double]
        if let initialSteps {
            guard initialSteps.count == n else { throw invalid("\(initialSteps.count) initial steps given for \(n) dimensions") }
            for index in 0..<n where !(initialSteps[index] > 0 && initialSteps[index].isFinite) {
                throw invalid("initial step \(index) ('\(problem.space.dimensions[index].name)') must be positive and finite")
            }
            steps = initialSteps
        } else {
            steps = try (0..<n).map { (index: Int) throws(AlgorithmError) -> Double in
                let range = upper[index] - lower[index]
                guard range.isFinite else {
                    throw invalid("dimension '\(problem.space.dimensions[index].name)' is unbounded: give CMA-ES initialSteps (and a start point)")
                }
                return initialSigma * (range > 0 ? range : 1)
            }
        }
        if start == nil, let index = (0..<n).first(where: { !(upper[$0] - lower[$0]).isFinite }) {
            throw invalid("dimension '\(problem.space.dimensions[index].name)' is unbounded: give CMA-ES a start point")
        }
        self.problem = problem
        self.seed = seed
        self.initialSigma = initialSigma
        initialPopulationSize = lambda
        basePopulationSize = base
        restartStrategy = restarts
        self.maximumRestarts = restarts == .none ? 0 : maximumRestarts
        self.activeUpdate = activeUpdate
        self.functionTolerance = functionTolerance
        self.stepTolerance = stepTolerance
        self.start = start
        self.initialSteps = steps
        self.boundaryHandling = boundaryHandling
        self.constants = constants
        self.evaluateFinalMean = evaluateFinalMean
        dominatedRunsStop = stopsDominatedRuns
    }

    public var name: String { "cmaes" }

    public var configuration: [String: PypetValue] {
        var configuration: [String: PypetValue] = [
            "algorithm": .string(name), "seed": .string(String(seed)), "sigma0": .double(initialSigma),
            "lambda0": .int(initialPopulationSize), "max_restarts": .int(maximumRestarts ?? -1),
            "restarts": .string(restartStrategy.rawValue), "active": .bool(activeUpdate),
            "tolfun": .double(functionTolerance), "tolx": .double(stepTolerance), "steps0": .array(NDArray(initialSteps)),
            "bounds": .string(boundaryHandling.rawValue), "constants": .string(constants.rawValue),
            "eval_final_mean": .bool(evaluateFinalMean), "stop_dominated_runs": .bool(stopsDominatedRuns),
        ]
        if let start { configuration["x0"] = .array(NDArray(start)) }
        return configuration
    }

    public var state: [String: PypetValue] {
        let n = problem.space.count
        var state: [String: PypetValue] = [
            "generation": .int(generation), "restarts": .int(restarts), "lambda": .int(lambda), "sigma": .double(sigma),
            "run_generation": .int(runGeneration), "regime": .string(regime.rawValue),
            "large_budget": .int(largeBudget), "small_budget": .int(smallBudget),
        ]
        if !mean.isEmpty {
            state["mean"] = .array(NDArray(mean))
            state["path_c"] = .array(NDArray(pathC))
            state["path_sigma"] = .array(NDArray(pathSigma))
            state["step_scaling"] = .array(NDArray(stepScaling))
            if let matrix = try? NDArray(shape: [n, n], elements: .double(covariance)) { state["covariance"] = .array(matrix) }
        }
        if !terminations.isEmpty { state["terminations"] = .string(terminations.map(\.rawValue).joined(separator: ",")) }
        return state
    }

    /// The strategy constants of the current run (weights, learning rates).
    public var parameters: CMAESParameters {
        CMAESParameters(
            dimension: problem.space.count, lambda: max(2, lambda == 0 ? initialPopulationSize : lambda), active: activeUpdate,
            constants: constants)
    }

    // MARK: Ask and tell

    public mutating func ask() throws(AlgorithmError) -> [Individual] {
        guard pending == nil else { throw AlgorithmError(code: .protocolViolation, message: "ask() again before tell()", generation: generation) }
        guard !isFinished else {
            throw AlgorithmError(code: .protocolViolation, message: "CMA-ES has finished (no restart left)", generation: generation)
        }
        // A version-3 record lacks only what tolfundominated needs, and it has that rule off: it resumes
        // exactly and is recorded as version 4 from here on.
        if version == 3, !stopsDominatedRuns { version = Self.stateVersion }
        guard version == Self.stateVersion else {
            throw AlgorithmError(
                code: .resumeMismatch, message: "CMA-ES state version \(version) is not this build's \(Self.stateVersion)", generation: generation)
        }
        let random = try Self.stream(seed: seed, generation: generation)
        if mean.isEmpty { startRun(random) }
        @PackedIndividuals var batch: [Individual] = []
        batch.reserveCapacity(lambda)
        var violations: [Double] = []
        violations.reserveCapacity(lambda)
        var genotypes: [Double] = []
        switch boundaryHandling {
        case .transform:
            // pycma's BoundTransform: the fitness is that of the transformed sample, the update uses the sample.
            let transform = boundTransform
            genotypes.reserveCapacity(lambda * n)
            for _ in 0..<lambda {
                let genotype = sample(random)
                var x = transform(genotype)
                problem.space.repair(&x)
                genotypes.append(contentsOf: genotype)
                violations.append(0)
                batch.append(Individual(genome: x))
            }
        case .problem:
            for _ in 0..<lambda {
                var x = sample(random)
                if case .resample(let attempts) = problem.bounds {
                    var attempt = 1
                    while !problem.space.contains(x), attempt < attempts {
                        x = sample(random)
                        attempt += 1
                    }
                }
                let violation = problem.space.violation(x)
                problem.space.repair(&x, reflect: problem.bounds == .reflect)
                violations.append(violation)
                batch.append(Individual(genome: x))
            }
        }
        if !finalMean.isEmpty {
            // pycma's eval_final_mean: the previous run's final mean, evaluated once, after this run's samples.
            batch.append(Individual(genome: finalMean))
            violations.append(0)
            extraCount = 1
            finalMean = []
        } else {
            extraCount = 0
        }
        self.violations = violations
        self.genotypes = genotypes
        injectedCount = 0
        pending = batch
        randomState = random.state
        return batch
    }

    public mutating func tell(_ evaluated: [Individual]) throws(AlgorithmError) {
        guard let asked = pending else { throw AlgorithmError(code: .protocolViolation, message: "tell() without ask()", generation: generation) }
        try Self.check(evaluated, against: asked, problem: problem, generation: generation)
        let variation = Variation(problem: problem)
        population = variation.scored(evaluated, violations: violations)
        pending = nil
        runEvaluations += population.count
        for individual in population where individual.isFeasible {
            let value = -(individual.weighted.first ?? -.infinity)
            if value < (searchBest ?? .infinity) { searchBest = value }
        }
        update(with: Array(population.prefix(population.count - extraCount)))
        genotypes = []
        injectedCount = 0
        generation += 1
        runGeneration += 1
        trackMeanStagnation()
        if let termination = termination() {
            terminations.append(termination)
            // As in pycma's BIPOP, the first run's evaluations count as the small regime's.
            if regime == .large, restartStrategy != .bipop || restarts > 0 { largeBudget += runEvaluations } else { smallBudget += runEvaluations }
            if restartStrategy != .none, maximumRestarts.map({ restarts < $0 }) ?? true {
                restarts += 1
                if evaluateFinalMean { finalMean = meanInBounds }
                mean = []  // the next ask starts a new run
            } else {
                isFinished = true
            }
        }
    }

    /// The individuals of the pending ``ask()``, nil when none is pending.
    public var pendingIndividuals: [Individual]? { pending }

    /// The untransformed samples (genotypes) of the pending ``ask()`` under ``CMAESBoundaryHandling/transform``,
    /// one per individual; nil when no ask is pending or samples are not transformed. The update uses these.
    public var pendingGenotypes: [[Double]]? {
        guard let pending, genotypes.count == pending.count * n else { return nil }
        return (0..<pending.count).map { Array(genotypes[($0 * n)..<(($0 + 1) * n)]) }
    }

    /// Puts given points in place of the first individuals of the pending ``ask()`` (a warm start, or
    /// pycma-style injection of known solutions). They are evaluated as given; in the update, the step from
    /// the mean to each (to its genotype under ``CMAESBoundaryHandling/transform``) is shortened to at most
    /// `√n + 2n/(n + 2)` in the Mahalanobis norm of the current distribution, and it never takes a negative
    /// weight (pycma's `CMA_active_injected = 0`), so a far or poor point cannot distort the covariance; a
    /// good one pulls the mean towards it.
    ///
    /// - Throws: ``AlgorithmError``: `protocolViolation` without a pending ask, `invalidConfiguration` for
    ///   more points than individuals or a point of the wrong size or outside the bounds.
    public mutating func replacePending(with genomes: [[Double]]) throws(AlgorithmError) {
        try Self.checkReplacements(genomes, pending: pending?.count, problem: problem, generation: generation)
        guard var batch = pending, !genomes.isEmpty else { return }
        let transform = boundTransform
        for (position, genome) in genomes.enumerated() {
            var x = genome
            problem.space.repair(&x)
            batch[position] = Individual(genome: x)
            violations[position] = 0
            if boundaryHandling == .transform, genotypes.count == batch.count * n {
                let genotype = transform.inverse(x)
                for i in 0..<n { genotypes[position * n + i] = genotype[i] }
            }
        }
        pending = batch
        injectedCount = max(injectedCount, genomes.count)
    }

    // MARK: Sampling

    var n: Int { problem.space.count }

    /// The largest initial step: the run's σ₀ (the scale of ``CMAESTermination/tolfacupx``).
    var referenceStep: Double { initialSteps.max() ?? 1 }

    /// The transformation of samples into the bounds (``CMAESBoundaryHandling/transform``).
    public var boundTransform: CMAESBoundTransform {
        CMAESBoundTransform(lower: problem.space.lowerBounds, upper: problem.space.upperBounds)
    }

    /// The current mean in the problem's units (the transformed mean under ``CMAESBoundaryHandling/transform``).
    public var meanInBounds: [Double] {
        guard !mean.isEmpty else { return [] }
        var x = boundaryHandling == .transform ? boundTransform(mean) : mean
        problem.space.repair(&x)
        return x
    }

    /// pycma's default `maxiter` for population size `lambda`: `100 + 150 (n + 3)² / √λ`.
    func defaultMaximumGenerations(lambda: Int) -> Double {
        100 + 150 * Double((n + 3) * (n + 3)) / Double(lambda).squareRoot()
    }

    /// Starts a run: population size and step by the restart regime, mean at the start point or random.
    mutating func startRun(_ random: RandomStream) {
        // Populations double at most 30 times (λ₀ · 2³⁰ individuals per generation is beyond any budget).
        let exponent = { (count: Int) in min(30, count) }
        var stepScale = 1.0
        // pycma's fmin2 evaluates maxiter once, with the first run's population size, for every run.
        runMaximumGenerations = defaultMaximumGenerations(lambda: initialPopulationSize)
        switch restartStrategy {
        case .none, .ipop:
            regime = .large
            lambda = populationSize(doublings: restarts)
        case .bipop:
            // pycma's fmin2: the default run counts as small, so the first restart is large; then small runs
            // while the small regime has used fewer evaluations than the large one.
            if restarts > 0, smallBudget < max(1, largeBudget) {
                // Small regime (Hansen 2009): λ = ⌊λ₀ (λ_large / (2 λ₀))^(U²)⌋, σ = σ₀ · 10^(−2U'), at most
                // half the large regime's evaluations in iterations.
                regime = .small
                let u = random.uniform(), v = random.uniform()
                let multiplier = Double(1 << exponent(largeRestarts + 1)) / 2
                lambda = max(initialPopulationSize, Int(basePopulationSize * pow(multiplier, u * u)))
                stepScale = pow(10, -2 * v)
                runMaximumGenerations = min(runMaximumGenerations, 0.5 * Double(largeBudget) / Double(lambda))
            } else {
                regime = .large
                if restarts > 0 { largeRestarts += 1 }
                lambda = populationSize(doublings: largeRestarts)
            }
        }
        mean = start ?? problem.space.sample(random)
        if boundaryHandling == .transform { mean = boundTransform.inverse(mean) }
        let sigma0 = referenceStep
        runSigma0 = sigma0 * stepScale
        sigma = runSigma0
        covariance = [Double](repeating: 0, count: n * n)
        eigenvectors = [Double](repeating: 0, count: n * n)
        axes = [Double](repeating: 1, count: n)
        for i in 0..<n {
            let relative = initialSteps[i] / sigma0
            covariance[i * n + i] = relative * relative
            eigenvectors[i * n + i] = 1
            axes[i] = relative
        }
        pathC = [Double](repeating: 0, count: n)
        pathSigma = [Double](repeating: 0, count: n)
        stepScaling = [Double](repeating: 1, count: n)
        runGeneration = 0
        runEvaluations = 0
        flatGenerations = 0
        runBest = .infinity
        runBestEvaluations = 0
        recentBest = []
        bestHistory = []
        medianHistory = []
        meanStagnation = MeanStagnation(mean: mean, generation: 0)
    }

    /// `⌊λ₀ 2^k⌋` for `k` doublings (at most 30) of the unrounded first population size.
    func populationSize(doublings k: Int) -> Int {
        max(initialPopulationSize, Int(basePopulationSize * Double(1 << min(30, k))))
    }

    /// `m + σ S B D z` with `z ~ N(0, I)` (S: ``stepScaling``).
    func sample(_ random: RandomStream) -> [Double] {
        var scaled = [Double](repeating: 0, count: n)
        for k in 0..<n { scaled[k] = axes[k] * random.gaussian() }
        var x = mean
        for row in 0..<n {
            var y = 0.0
            for k in 0..<n { y += eigenvectors[row * n + k] * scaled[k] }
            x[row] += sigma * stepScaling[row] * y
        }
        return x
    }
}
