import Foundation
public import GSLRandom
public import PypetCore

/// Evolution strategies with step-size adaptation:
/// - `.onePlusOne`: one parent, one Gaussian offspring per generation, the better survives; the step size
///   follows the 1/5th success rule (Kern et al.'s smooth form).
/// - `.muCommaLambda(mu:lambda:)`: `lambda` offspring of uniformly chosen parents, each with its own step
///   sizes mutated log-normally (self-adaptation); the `mu` best offspring are the next parents.
public struct EvolutionStrategy: Optimizer {
    /// The two strategies.
    public enum Strategy: Sendable, Hashable, Codable {
        case onePlusOne
        case muCommaLambda(mu: Int, lambda: Int)
    }

    public let problem: Problem
    /// The seed of every generation's stream.
    public let seed: UInt64
    /// Which strategy runs.
    public let strategy: Strategy
    /// Initial step size relative to each dimension's bound range.
    public let initialStep: Double

    public private(set) var generation = 0
    @PackedIndividuals public private(set) var population: [Individual] = []
    public private(set) var randomState: RandomStreamState?
    /// The (1+1) strategy's current step size (relative to the bound ranges).
    public private(set) var step: Double
    @PackedOptionalIndividuals private var pending: [Individual]?
    @PackedDoubles private var violations: [Double] = []

    /// An evolution strategy.
    public init(problem: Problem, seed: UInt64, strategy: Strategy = .onePlusOne, initialStep: Double = 0.2) throws(AlgorithmError) {
        try problem.space.requireBounded(for: "the evolution strategy")
        func invalid(_ message: String) -> AlgorithmError { AlgorithmError(code: .invalidConfiguration, message: message) }
        guard problem.objectives.count == 1 else { throw invalid("evolution strategies optimize one objective") }
        guard initialStep > 0 else { throw invalid("the initial step must be positive") }
        if case .muCommaLambda(let mu, let lambda) = strategy, mu < 1 || lambda < mu {
            throw invalid("(mu,lambda) needs 1 <= mu <= lambda")
        }
        self.problem = problem
        self.seed = seed
        self.strategy = strategy
        self.initialStep = initialStep
        step = initialStep
    }

    public var name: String { "es" }
    public var isFinished: Bool { false }

    public var configuration: [String: PypetValue] {
        var configuration: [String: PypetValue] = ["algorithm": .string(name), "seed": .string(String(seed)), "step0": .double(initialStep)]
        switch strategy {
        case .onePlusOne: configuration["strategy"] = .string("1+1")
        case .muCommaLambda(let mu, let lambda): configuration["strategy"] = .string("\(mu),\(lambda)")
        }
        return configuration
    }

    public var state: [String: PypetValue] {
        var state = StateArrays.populationState(population, problem: problem, generation: generation)
        state["step"] = .double(step)
        if let strategies = try? StateArrays.matrix(population.map(\.strategy), columns: problem.space.count), !population.isEmpty,
           !(population.first?.strategy.isEmpty ?? true) {
            state["step_sizes"] = .array(strategies)
        }
        return state
    }

    private var ranges: [Double] { zip(problem.space.lowerBounds, problem.space.upperBounds).map { $1 - $0 } }

    public mutating func ask() throws(AlgorithmError) -> [Individual] {
        guard pending == nil else { throw AlgorithmError(code: .protocolViolation, message: "ask() again before tell()", generation: generation) }
        let random = try Self.stream(seed: seed, generation: generation)
        let variation = Variation(problem: problem)
        @PackedIndividuals var batch: [Individual] = []
        switch strategy {
        case .onePlusOne:
            if generation == 0 {
                batch = [Individual(genome: problem.space.sample(random))]
            } else if let parent = population.first {
                var child = parent.genome
                for i in child.indices { child[i] += step * ranges[i] * random.gaussian() }
                batch = [Individual(genome: child)]
            }
        case .muCommaLambda(let mu, let lambda):
            if generation == 0 {
                batch = (0..<mu).map { _ in Individual(genome: problem.space.sample(random), strategy: ranges.map { $0 * initialStep }) }
            } else {
                let n = Double(problem.space.count)
                let tauGlobal = 1 / (2 * n).squareRoot(), tauLocal = 1 / (2 * n.squareRoot()).squareRoot()
                batch = (0..<lambda).map { _ in
                    let parent = population[random.integer(in: 0...(population.count - 1))]
                    let global = tauGlobal * random.gaussian()
                    let steps = parent.strategy.map { $0 * exp(global + tauLocal * random.gaussian()) }
                    let genome = zip(parent.genome, steps).map { $0 + $1 * random.gaussian() }
                    return Individual(genome: genome, strategy: steps)
                }
            }
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
        var told = variation.scored(evaluated, violations: violations)
        // The step sizes stay those of the proposal (the check above matched every genome).
        for index in told.indices { told[index].strategy = asked[index].strategy }
        switch strategy {
        case .onePlusOne:
            if generation == 0 || population.isEmpty {
                population = told
            } else if let child = told.first, let parent = population.first {
                let success = !parent.isBetter(than: child)
                if success { population = [child] }
                // Smooth 1/5th rule: grow on success, shrink otherwise; stationary at a 1/5 success rate.
                let damping = 1 + Double(problem.space.count) / 2
                step *= exp((1 / damping) * ((success ? 1 : 0) - 0.2) / 0.8)
                step = min(max(step, 1e-12), 2)
            }
        case .muCommaLambda(let mu, _):
            population = generation == 0 ? told : Selection.sortedBestFirst(told).prefix(mu).map { told[$0] }
        }
        pending = nil
        generation += 1
    }
}
