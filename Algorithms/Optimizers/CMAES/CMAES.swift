import Foundation
public import GSLRandom
public import PypetCore

/// The covariance matrix adaptation evolution strategy (CMA-ES) with active covariance update, pycma's
/// termination criteria and IPOP or BIPOP restarts.
///
/// Samples `λ` points from `N(m, σ² C)`, moves the mean to the weighted average of the best `μ = λ/2`,
/// adapts `C` by the rank-one and rank-μ updates (with negative weights for the worst `λ − μ`: the
/// active update) and `σ` by cumulative step-size adaptation, with the constants of Hansen's tutorial
/// (``CMAESParameters``). When a run terminates (``CMAESTermination``), it restarts: IPOP doubles the
/// population, BIPOP alternates that with small populations and small steps (``CMAESRestarts``).
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
    /// How runs restart.
    public let restartStrategy: CMAESRestarts
    /// How many restarts are allowed; nil: as many as the evaluation budget of the caller allows.
    public let maximumRestarts: Int?
    /// Termination tolerance on the spread of the best fitness values (`tolfun`).
    public let functionTolerance: Double
    /// Termination tolerance on the step size times the axes, relative to the largest initial step (`tolx`).
    public let stepTolerance: Double
    /// Whether the covariance update uses negative weights for the worst individuals (active CMA-ES).
    public let activeUpdate: Bool
    /// The start point in the problem's units (nil: uniformly random in the bounds, at every restart).
    public let start: [Double]?
    /// The start standard deviation of every dimension, in the problem's units.
    public let initialSteps: [Double]

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
    var runSigma0: Double = 0
    var runEvaluations = 0
    var flatGenerations = 0
    @PackedDoubles var bestHistory: [Double] = []
    @PackedDoubles var medianHistory: [Double] = []
    @PackedOptionalIndividuals var pending: [Individual]?
    @PackedDoubles var violations: [Double] = []

    /// CMA-ES for `problem`.
    ///
    /// - Parameters:
    ///   - start: the first mean in the problem's units (nil: uniformly random in the bounds; needed when a
    ///     dimension is unbounded). With a start point, every restart starts there again.
    ///   - initialSteps: the start standard deviation of every dimension in the problem's units (nil:
    ///     `initialSigma` times each dimension's range; needed when a dimension is unbounded).
    ///   - restarts: IPOP (default), BIPOP or none.
    ///   - maximumRestarts: nil for no limit (the caller's evaluation budget ends the search).
    /// - Throws: ``AlgorithmError`` (`invalidConfiguration`) for several objectives, a non-positive step,
    ///   a start point or steps of the wrong size, outside the bounds or not finite, or an unbounded
    ///   dimension without start point and step.
    public init(
        problem: Problem, seed: UInt64, start: [Double]? = nil, initialSteps: [Double]? = nil, initialSigma: Double = 0.3,
        populationSize: Int? = nil, restarts: CMAESRestarts = .ipop, maximumRestarts: Int? = nil, activeUpdate: Bool = true,
        functionTolerance: Double = 1e-12, stepTolerance: Double = 1e-12
    ) throws(AlgorithmError) {
        func invalid(_ message: String) -> AlgorithmError { AlgorithmError(code: .invalidConfiguration, message: message) }
        guard problem.objectives.count == 1 else { throw invalid("CMA-ES optimizes one objective") }
        try problem.space.requireUnconditional(for: "CMA-ES")
        guard initialSigma > 0, initialSigma.isFinite else { throw invalid("the initial step size must be positive and finite") }
        let n = problem.space.count
        let lambda = populationSize ?? 4 + Int(3 * log(Double(n)))
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
        restartStrategy = restarts
        self.maximumRestarts = restarts == .none ? 0 : maximumRestarts
        self.activeUpdate = activeUpdate
        self.functionTolerance = functionTolerance
        self.stepTolerance = stepTolerance
        self.start = start
        self.initialSteps = steps
    }

    public var name: String { "cmaes" }

    public var configuration: [String: PypetValue] {
        var configuration: [String: PypetValue] = [
            "algorithm": .string(name), "seed": .string(String(seed)), "sigma0": .double(initialSigma),
            "lambda0": .int(initialPopulationSize), "max_restarts": .int(maximumRestarts ?? -1),
            "restarts": .string(restartStrategy.rawValue), "active": .bool(activeUpdate),
            "tolfun": .double(functionTolerance), "tolx": .double(stepTolerance), "steps0": .array(NDArray(initialSteps)),
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
            if let matrix = try? NDArray(shape: [n, n], elements: .double(covariance)) { state["covariance"] = .array(matrix) }
        }
        if !terminations.isEmpty { state["terminations"] = .string(terminations.map(\.rawValue).joined(separator: ",")) }
        return state
    }

    /// The strategy constants of the current run (weights, learning rates).
    public var parameters: CMAESParameters {
        CMAESParameters(dimension: problem.space.count, lambda: max(2, lambda == 0 ? initialPopulationSize : lambda), active: activeUpdate)
    }

    // MARK: Ask and tell

    public mutating func ask() throws(AlgorithmError) -> [Individual] {
        guard pending == nil else { throw AlgorithmError(code: .protocolViolation, message: "ask() again before tell()", generation: generation) }
        guard !isFinished else {
            throw AlgorithmError(code: .protocolViolation, message: "CMA-ES has finished (no restart left)", generation: generation)
        }
        let random = try Self.stream(seed: seed, generation: generation)
        if mean.isEmpty { startRun(random) }
        @PackedIndividuals var batch: [Individual] = []
        batch.reserveCapacity(lambda)
        var violations: [Double] = []
        violations.reserveCapacity(lambda)
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
        self.violations = violations
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
        update(with: population)
        generation += 1
        runGeneration += 1
        runEvaluations += population.count
        if let termination = termination() {
            terminations.append(termination)
            if regime == .large { largeBudget += runEvaluations } else { smallBudget += runEvaluations }
            if restartStrategy != .none, maximumRestarts.map({ restarts < $0 }) ?? true {
                restarts += 1
                mean = []  // the next ask starts a new run
            } else {
                isFinished = true
            }
        }
    }

    /// The individuals of the pending ``ask()``, nil when none is pending.
    public var pendingIndividuals: [Individual]? { pending }

    // MARK: Sampling

    var n: Int { problem.space.count }

    /// The largest initial step: the scale of ``stepTolerance``.
    var referenceStep: Double { initialSteps.max() ?? 1 }

    /// Starts a run: population size and step by the restart regime, mean at the start point or random.
    mutating func startRun(_ random: RandomStream) {
        // Populations double at most 30 times (λ₀ · 2³⁰ individuals per generation is beyond any budget).
        let exponent = { (count: Int) in min(30, count) }
        var stepScale = 1.0
        switch restartStrategy {
        case .none, .ipop:
            regime = .large
            lambda = initialPopulationSize << exponent(restarts)
        case .bipop:
            if restarts > 0, smallBudget < largeBudget {
                // Small regime (Hansen 2009): λ = ⌊λ₀ (λ_large / (2 λ₀))^(U²)⌋, σ = σ₀ · 10^(−2U').
                regime = .small
                let u = random.uniform(), v = random.uniform()
                let multiplier = Double(1 << exponent(largeRestarts + 1)) / 2
                lambda = max(initialPopulationSize, Int(Double(initialPopulationSize) * pow(multiplier, u * u)))
                stepScale = pow(10, -2 * v)
            } else {
                regime = .large
                if restarts > 0 { largeRestarts += 1 }
                lambda = initialPopulationSize << exponent(largeRestarts)
            }
        }
        mean = start ?? problem.space.sample(random)
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
        runGeneration = 0
        runEvaluations = 0
        flatGenerations = 0
        bestHistory = []
        medianHistory = []
    }

    /// `m + σ B D z` with `z ~ N(0, I)`.
    func sample(_ random: RandomStream) -> [Double] {
        var scaled = [Double](repeating: 0, count: n)
        for k in 0..<n { scaled[k] = axes[k] * random.gaussian() }
        var x = mean
        for row in 0..<n {
            var y = 0.0
            for k in 0..<n { y += eigenvectors[row * n + k] * scaled[k] }
            x[row] += sigma * y
        }
        return x
    }
}
