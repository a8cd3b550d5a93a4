import Foundation
public import GSLRandom
public import PypetCore

/// Exhaustive search over a grid: continuous dimensions at `levels` evenly spaced values (bounds
/// included), integer dimensions at every integer (or `levels` of them when there are more), categorical
/// dimensions at every category; first dimension slowest. Each generation evaluates up to `batchSize`
/// points; the search finishes when the grid is exhausted.
public struct GridSearch: Optimizer {
    public let problem: Problem
    /// Values per continuous dimension.
    public let levels: Int
    /// Points per generation.
    public let batchSize: Int
    /// Every point, in order.
    public let points: [[Double]]

    public private(set) var generation = 0
    @PackedIndividuals public private(set) var population: [Individual] = []
    public var randomState: RandomStreamState? { nil }
    private var next = 0
    @PackedOptionalIndividuals private var pending: [Individual]?

    /// A grid search; at most `maximumPoints` points (to refuse grids too large to run).
    public init(problem: Problem, levels: Int = 5, batchSize: Int = 100, maximumPoints: Int = 1_000_000) throws(AlgorithmError) {
        try problem.space.requireBounded(for: "grid search")
        try problem.space.requireUnconditional(for: "grid search")
        func invalid(_ message: String) -> AlgorithmError { AlgorithmError(code: .invalidConfiguration, message: message) }
        guard levels >= 2, batchSize >= 1 else { throw invalid("a grid needs at least 2 levels and a batch of at least 1") }
        var axes: [[Double]] = []
        var total = 1
        for dimension in problem.space.dimensions {
            let axis: [Double]
            switch dimension {
            case .continuous(_, let lower, let upper):
                axis = (0..<levels).map { lower + (upper - lower) * Double($0) / Double(levels - 1) }
            case .logarithmic(_, let lower, let upper):
                axis = (0..<levels).map { exp(log(lower) + (log(upper) - log(lower)) * Double($0) / Double(levels - 1)) }
            case .integer(_, let lower, let upper):
                let count = upper - lower + 1
                if count <= levels {
                    axis = (lower...upper).map(Double.init)
                } else {
                    let span = Double(upper - lower), steps = Double(levels - 1)
                    var values = Set<Double>()
                    for level in 0..<levels {
                        let value: Double = Double(lower) + span * Double(level) / steps
                        values.insert(value.rounded())
                    }
                    axis = values.sorted()
                }
            case .categorical(_, let values):
                axis = values.indices.map(Double.init)
            }
            total = total.multipliedReportingOverflow(by: axis.count).overflow ? Int.max : total * axis.count
            guard total <= maximumPoints else { throw invalid("the grid has more than \(maximumPoints) points") }
            axes.append(axis)
        }
        var points: [[Double]] = [[]]
        for axis in axes { points = points.flatMap { prefix in axis.map { prefix + [$0] } } }
        self.problem = problem
        self.levels = levels
        self.batchSize = batchSize
        self.points = points
    }

    public var name: String { "grid" }
    public var isFinished: Bool { next >= points.count }
    public var configuration: [String: PypetValue] {
        ["algorithm": .string(name), "levels": .int(levels), "batch": .int(batchSize), "points": .int(points.count)]
    }
    public var state: [String: PypetValue] {
        var state = StateArrays.populationState(population, problem: problem, generation: generation)
        state["next_point"] = .int(next)
        return state
    }

    public mutating func ask() throws(AlgorithmError) -> [Individual] {
        guard pending == nil else { throw AlgorithmError(code: .protocolViolation, message: "ask() again before tell()", generation: generation) }
        let batch = points[next..<min(points.count, next + batchSize)].map { Individual(genome: $0) }
        pending = batch
        return batch
    }

    /// The individuals of the pending ``ask()``, nil when none is pending.
    public var pendingIndividuals: [Individual]? { pending }

    public mutating func tell(_ evaluated: [Individual]) throws(AlgorithmError) {
        guard let asked = pending else { throw AlgorithmError(code: .protocolViolation, message: "tell() without ask()", generation: generation) }
        try Self.check(evaluated, against: asked, problem: problem, generation: generation)
        population = evaluated.map { individual in
            var copy = individual
            if let fitness = individual.fitness { copy.assign(fitness, objectives: problem.objectives) }
            return copy
        }
        next += asked.count
        pending = nil
        generation += 1
    }
}
