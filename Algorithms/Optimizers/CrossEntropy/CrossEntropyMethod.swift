import Foundation
public import GSLRandom
public import PypetCore

/// The cross-entropy method with a diagonal Gaussian: sample a population, keep the elite fraction, move
/// the mean and standard deviations towards the elites (with smoothing), repeat.
public struct CrossEntropyMethod: Optimizer {
    public let problem: Problem
    /// The seed of every generation's stream.
    public let seed: UInt64
    /// Samples per generation.
    public let populationSize: Int
    /// The fraction of the best samples that defines the next distribution.
    public let eliteFraction: Double
    /// Weight of the new estimate (1: no memory of the old distribution).
    public let smoothing: Double
    /// Lower limit of each standard deviation, relative to the bound range (keeps exploring).
    public let minimumDeviation: Double

    public private(set) var generation = 0
    @PackedIndividuals public private(set) var population: [Individual] = []
    public private(set) var randomState: RandomStreamState?
    private(set) var mean: [Double] = []
    private(set) var deviation: [Double] = []
    @PackedOptionalIndividuals private var pending: [Individual]?
    @PackedDoubles private var violations: [Double] = []

    /// The cross-entropy method.
    public init(
        problem: Problem, seed: UInt64, populationSize: Int = 50, eliteFraction: Double = 0.2, smoothing: Double = 0.7,
        minimumDeviation: Double = 1e-9
    ) throws(AlgorithmError) {
        try problem.space.requireBounded(for: "the cross-entropy method")
        func invalid(_ message: String) -> AlgorithmError { AlgorithmError(code: .invalidConfiguration, message: message) }
        guard problem.objectives.count == 1 else { throw invalid("the cross-entropy method optimizes one objective") }
        guard populationSize >= 2 else { throw invalid("the population needs at least 2 samples") }
        guard eliteFraction > 0, eliteFraction <= 1, Int(Double(populationSize) * eliteFraction) >= 1 else {
            throw invalid("the elite fraction must keep at least one sample")
        }
        guard smoothing > 0, smoothing <= 1 else { throw invalid("smoothing must be in (0, 1]") }
        self.problem = problem
        self.seed = seed
        self.populationSize = populationSize
        self.eliteFraction = eliteFraction
        self.smoothing = smoothing
        self.minimumDeviation = minimumDeviation
        mean = zip(problem.space.lowerBounds, problem.space.upperBounds).map { ($0 + $1) / 2 }
        deviation = zip(problem.space.lowerBounds, problem.space.upperBounds).map { ($1 - $0) / 2 }
    }

    public var name: String { "cross-entropy" }
    public var isFinished: Bool { false }

    public var configuration: [String: PypetValue] {
        [
            "algorithm": .string(name), "seed": .string(String(seed)), "population": .int(populationSize),
            "elite_fraction": .double(eliteFraction), "smoothing": .double(smoothing), "min_std": .double(minimumDeviation),
        ]
    }

    public var state: [String: PypetValue] {
        var state = StateArrays.populationState(population, problem: problem, generation: generation)
        state["mean"] = .array(NDArray(mean))
        state["std"] = .array(NDArray(deviation))
        return state
    }

    public mutating func ask() throws(AlgorithmError) -> [Individual] {
        guard pending == nil else { throw AlgorithmError(code: .protocolViolation, message: "ask() again before tell()", generation: generation) }
        let random = try Self.stream(seed: seed, generation: generation)
        let variation = Variation(problem: problem)
        var batch = (0..<populationSize).map { _ in
            Individual(genome: zip(mean, deviation).map { $0 + $1 * random.gaussian() })
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
        population = variation.scored(evaluated, violations: violations)
        let elites = Selection.sortedBestFirst(population).prefix(max(1, Int(Double(populationSize) * eliteFraction))).map { population[$0].genome }
        let ranges = zip(problem.space.lowerBounds, problem.space.upperBounds).map { $1 - $0 }
        for i in mean.indices {
            let values = elites.map { $0[i] }
            let average = values.reduce(0, +) / Double(values.count)
            let spread = (values.reduce(0) { $0 + ($1 - average) * ($1 - average) } / Double(values.count)).squareRoot()
            mean[i] = smoothing * average + (1 - smoothing) * mean[i]
            deviation[i] = max(minimumDeviation * ranges[i], smoothing * spread + (1 - smoothing) * deviation[i])
        }
        pending = nil
        generation += 1
    }
}
