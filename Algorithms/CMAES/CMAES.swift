import Foundation
public import GSLRandom
public import Pypet

/// The covariance matrix adaptation evolution strategy (CMA-ES) with IPOP restarts: when a run of the
/// strategy converges or stalls, it restarts from a new random mean with a population twice as large.
///
/// Continuous dimensions only (discrete ones are rounded when evaluated). State recorded every
/// generation: mean, step size, covariance matrix, both evolution paths, population size, restarts.
public struct CMAES: Optimizer {
    public let problem: Problem
    /// The seed of every generation's stream.
    public let seed: UInt64
    /// The initial step size, relative to the widest bound range (0.3 by default).
    public let initialSigma: Double
    /// Population size of the first run (default `4 + ⌊3 ln n⌋`).
    public let initialPopulationSize: Int
    /// How many IPOP restarts are allowed (0: plain CMA-ES).
    public let maximumRestarts: Int
    /// Termination tolerance on the spread of the best fitness values (`tolfun`).
    public let functionTolerance: Double
    /// Termination tolerance on the step size times the axes (`tolx`).
    public let stepTolerance: Double

    public private(set) var generation = 0
    @PackedIndividuals public private(set) var population: [Individual] = []
    public private(set) var randomState: RandomStreamState?
    /// The number of restarts so far.
    public private(set) var restarts = 0
    /// Whether the last restart converged and no restart is left.
    public private(set) var isFinished = false

    // Strategy state (one run of CMA-ES).
    private(set) var mean: [Double] = []
    private(set) var sigma: Double = 0
    private(set) var covariance: [Double] = []
    private(set) var pathC: [Double] = []
    private(set) var pathSigma: [Double] = []
    private(set) var lambda: Int = 0
    private var eigenvectors: [Double] = []
    private var axes: [Double] = []
    private var runGeneration = 0
    private var bestHistory: [Double] = []
    @PackedOptionalIndividuals private var pending: [Individual]?
    @PackedDoubles private var violations: [Double] = []

    /// CMA-ES for `problem` (its dimensions' bounds give the first mean's range and the scale of `sigma`).
    public init(
        problem: Problem, seed: UInt64, initialSigma: Double = 0.3, populationSize: Int? = nil, maximumRestarts: Int = 9,
        functionTolerance: Double = 1e-12, stepTolerance: Double = 1e-12
    ) throws(AlgorithmError) {
        func invalid(_ message: String) -> AlgorithmError { AlgorithmError(code: .invalidConfiguration, message: message) }
        guard problem.objectives.count == 1 else { throw invalid("CMA-ES optimizes one objective") }
        guard initialSigma > 0 else { throw invalid("the initial step size must be positive") }
        let n = problem.space.count
        let lambda = populationSize ?? 4 + Int(3 * log(Double(n)))
        guard lambda >= 2 else { throw invalid("CMA-ES needs a population of at least 2") }
        guard maximumRestarts >= 0 else { throw invalid("maximumRestarts cannot be negative") }
        self.problem = problem
        self.seed = seed
        self.initialSigma = initialSigma
        initialPopulationSize = lambda
        self.maximumRestarts = maximumRestarts
        self.functionTolerance = functionTolerance
        self.stepTolerance = stepTolerance
    }

    public var name: String { "cmaes" }

    public var configuration: [String: PypetValue] {
        [
            "algorithm": .string(name), "seed": .string(String(seed)), "sigma0": .double(initialSigma),
            "lambda0": .int(initialPopulationSize), "max_restarts": .int(maximumRestarts),
            "tolfun": .double(functionTolerance), "tolx": .double(stepTolerance),
        ]
    }

    public var state: [String: PypetValue] {
        let n = problem.space.count
        var state: [String: PypetValue] = [
            "generation": .int(generation), "restarts": .int(restarts), "lambda": .int(lambda), "sigma": .double(sigma),
            "run_generation": .int(runGeneration),
        ]
        if !mean.isEmpty {
            state["mean"] = .array(NDArray(mean))
            state["path_c"] = .array(NDArray(pathC))
            state["path_sigma"] = .array(NDArray(pathSigma))
            if let matrix = try? NDArray(shape: [n, n], elements: .double(covariance)) { state["covariance"] = .array(matrix) }
        }
        return state
    }

    // MARK: Ask and tell

    public mutating func ask() throws(AlgorithmError) -> [Individual] {
        guard pending == nil else { throw AlgorithmError(code: .protocolViolation, message: "ask() again before tell()", generation: generation) }
        let random = try Self.stream(seed: seed, generation: generation)
        if mean.isEmpty { startRun(random) }
        @PackedIndividuals var batch: [Individual] = []
        violations = []
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
        if shouldRestart() {
            if restarts < maximumRestarts {
                restarts += 1
                mean = []  // the next ask starts a new run with twice the population
            } else {
                isFinished = true
            }
        }
    }

    // MARK: The strategy

    private var n: Int { problem.space.count }
    private var sigma0: Double {
        initialSigma * (zip(problem.space.lowerBounds, problem.space.upperBounds).map { $1 - $0 }.max() ?? 1)
    }

    private mutating func startRun(_ random: RandomStream) {
        lambda = initialPopulationSize << restarts
        mean = problem.space.sample(random)
        sigma = sigma0
        covariance = [Double](repeating: 0, count: n * n)
        for i in 0..<n { covariance[i * n + i] = 1 }
        eigenvectors = covariance
        axes = [Double](repeating: 1, count: n)
        pathC = [Double](repeating: 0, count: n)
        pathSigma = [Double](repeating: 0, count: n)
        runGeneration = 0
        bestHistory = []
    }

    private func sample(_ random: RandomStream) -> [Double] {
        let z = (0..<n).map { _ in random.gaussian() }
        var x = mean
        for row in 0..<n {
            var y = 0.0
            for k in 0..<n { y += eigenvectors[row * n + k] * axes[k] * z[k] }
            x[row] += sigma * y
        }
        return x
    }

    private var weights: [Double] {
        let mu = lambda / 2
        let raw = (0..<mu).map { log(Double(lambda) / 2 + 0.5) - log(Double($0 + 1)) }
        let total = raw.reduce(0, +)
        return raw.map { $0 / total }
    }

    private mutating func update(with evaluated: [Individual]) {
        let order = Selection.sortedBestFirst(evaluated)
        if let best = order.first, let value = evaluated[best].fitness?.value { bestHistory.append(value) }
        let w = weights
        let mu = w.count
        let muEff = 1 / w.reduce(0) { $0 + $1 * $1 }
        let dn = Double(n)
        let cc = (4 + muEff / dn) / (dn + 4 + 2 * muEff / dn)
        let cs = (muEff + 2) / (dn + muEff + 5)
        let c1 = 2 / ((dn + 1.3) * (dn + 1.3) + muEff)
        let cmu = min(1 - c1, 2 * (muEff - 2 + 1 / muEff) / ((dn + 2) * (dn + 2) + muEff))
        let damps = 1 + 2 * max(0, ((muEff - 1) / (dn + 1)).squareRoot() - 1) + cs
        let chiN = dn.squareRoot() * (1 - 1 / (4 * dn) + 1 / (21 * dn * dn))

        let old = mean
        let selected = order.prefix(mu).map { evaluated[$0].genome }
        var newMean = [Double](repeating: 0, count: n)
        for (weight, x) in zip(w, selected) { for i in 0..<n { newMean[i] += weight * x[i] } }
        mean = newMean
        let yw = (0..<n).map { (mean[$0] - old[$0]) / sigma }

        // C^(-1/2) yw = B D^(-1) Bᵀ yw
        var projected = [Double](repeating: 0, count: n)
        for k in 0..<n {
            var dot = 0.0
            for i in 0..<n { dot += eigenvectors[i * n + k] * yw[i] }
            projected[k] = dot / max(axes[k], 1e-300)
        }
        var whitened = [Double](repeating: 0, count: n)
        for i in 0..<n { for k in 0..<n { whitened[i] += eigenvectors[i * n + k] * projected[k] } }
        let scaleS = (cs * (2 - cs) * muEff).squareRoot()
        for i in 0..<n { pathSigma[i] = (1 - cs) * pathSigma[i] + scaleS * whitened[i] }
        let normS = pathSigma.reduce(0) { $0 + $1 * $1 }.squareRoot()
        let hsig = normS / (1 - pow(1 - cs, 2 * Double(runGeneration + 1))).squareRoot() / chiN < 1.4 + 2 / (dn + 1)
        let scaleC = (cc * (2 - cc) * muEff).squareRoot()
        for i in 0..<n { pathC[i] = (1 - cc) * pathC[i] + (hsig ? scaleC * yw[i] : 0) }

        let ys = selected.map { x in (0..<n).map { (x[$0] - old[$0]) / sigma } }
        let decay = 1 - c1 - cmu + (hsig ? 0 : c1 * cc * (2 - cc))
        for i in 0..<n {
            for j in 0...i {
                var rankMu = 0.0
                for (weight, y) in zip(w, ys) { rankMu += weight * y[i] * y[j] }
                let value = decay * covariance[i * n + j] + c1 * pathC[i] * pathC[j] + cmu * rankMu
                covariance[i * n + j] = value
                covariance[j * n + i] = value
            }
        }
        sigma *= exp((cs / damps) * (normS / chiN - 1))
        sigma = min(sigma, 1e6 * sigma0)
        let eigen = SymmetricEigen(covariance, size: n)
        eigenvectors = eigen.vectors
        axes = eigen.values.map { max($0, 1e-300).squareRoot() }
    }

    /// IPOP's termination tests for the current run.
    private func shouldRestart() -> Bool {
        let history = 10 + Int((30 * Double(n) / Double(lambda)).rounded(.up))
        if bestHistory.count >= history {
            let recent = bestHistory.suffix(history)
            let values = population.compactMap { $0.fitness?.value }
            if let high = recent.max(), let low = recent.min(), high - low < functionTolerance,
               let h = values.max(), let l = values.min(), h - l < functionTolerance {
                return true
            }
        }
        let largestAxis = max(axes.max() ?? 0, pathC.map(abs).max() ?? 0)
        if sigma * largestAxis < stepTolerance * sigma0 { return true }
        if let high = axes.max(), let low = axes.min(), low > 0, (high / low) * (high / low) > 1e14 { return true }
        if !sigma.isFinite || mean.contains(where: { !$0.isFinite }) { return true }
        return false
    }
}
