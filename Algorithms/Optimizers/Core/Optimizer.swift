public import GSLRandom
public import PypetCore

/// An optimizer with Optuna-like ask/tell: ``ask()`` proposes the individuals of the next generation to
/// evaluate; ``tell(_:)-([Fitness])`` receives their fitness values in ask order (or ``tell(_:)-([Individual])``
/// the individuals themselves, each assigned its fitness with ``Individual/assign(_:objectives:)``), and
/// ``tell(partial:failure:)`` a generation cut short. Every random draw of generation `g` comes from a GSL
/// stream derived from (seed, g), so results depend on the seed alone.
///
/// Optimizers are `Codable`: the whole state is recorded with every generation (`optimizer_json`), which is
/// how a search resumes exactly. Mark stored populations `@PackedIndividuals` (or
/// `@PackedOptionalIndividuals`) and long arrays `@PackedDoubles` so that they encode column by column in
/// microseconds rather than one JSON number per value, as the built-in optimizers do.
///
/// Drive one by hand (or with `Optimization` of `PypetAlgorithms` through an `Environment`):
/// ```swift
/// var ga = try GeneticAlgorithm(problem: problem, seed: 1)
/// while ga.generation < 50 {
///     let batch = try ga.ask()
///     try ga.tell(batch.map { Fitness(sphere($0.genome)) })
/// }
/// ```
/// <doc:WritingAnOptimizer> shows a complete optimizer of your own in about twenty lines.
public protocol Optimizer: Sendable, Codable {
    /// The algorithm's name (`ga`, `cmaes`, ...), recorded with every generation.
    var name: String { get }
    /// What is optimized.
    var problem: Problem { get }
    /// The generation the next ``ask()`` proposes (0 before the first).
    var generation: Int { get }
    /// The settings that define the algorithm (for records and for refusing a resume with other ones).
    var configuration: [String: PypetValue] { get }
    /// Whether the algorithm stopped by itself (a grid exhausted, a converged strategy).
    var isFinished: Bool { get }
    /// The current population (evaluated individuals after ``tell(_:)``).
    var population: [Individual] { get }
    /// The algorithm's full state as named arrays and numbers (CMA-ES: mean, covariance, step size, paths).
    var state: [String: PypetValue] { get }
    /// The state of the generation stream after the last ``ask()`` (for the record).
    var randomState: RandomStreamState? { get }

    /// The individuals of the pending ``ask()`` in ask order, nil when no ask is pending. Optimizers that
    /// do not provide it (the default is nil) cannot be told by values (``tell(_:)-([Fitness])``).
    var pendingIndividuals: [Individual]? { get }

    /// Puts `genomes` in place of the first individuals of the pending ``ask()`` (a warm start: known good
    /// points evaluated in the first generation). The default throws `invalidConfiguration`: only
    /// optimizers whose asked individuals are free samples (genetic algorithms, random search, TPE) or that
    /// inject them into their model (CMA-ES) take given points.
    mutating func replacePending(with genomes: [[Double]]) throws(AlgorithmError)

    /// The individuals of the next generation that need an evaluation.
    mutating func ask() throws(AlgorithmError) -> [Individual]
    /// The individuals of the last ``ask()`` with their fitness (``Individual/assign(_:objectives:)``), in
    /// ask order.
    mutating func tell(_ evaluated: [Individual]) throws(AlgorithmError)
}

extension Optimizer {
    /// No pending individuals are exposed (custom optimizers that do not implement ``pendingIndividuals``).
    public var pendingIndividuals: [Individual]? { nil }

    /// Given points are refused (see the requirement).
    public mutating func replacePending(with genomes: [[Double]]) throws(AlgorithmError) {
        throw AlgorithmError(
            code: .invalidConfiguration,
            message: "\(name) cannot start from given points (a warm start needs a genetic algorithm, random search, TPE or CMA-ES)", generation: generation)
    }

    /// Checks that `genomes` fit the pending ask of `count` individuals and the problem's space.
    static func checkReplacements(_ genomes: [[Double]], pending count: Int?, problem: Problem, generation: Int) throws(AlgorithmError) {
        guard let count else { throw AlgorithmError(code: .protocolViolation, message: "replacePending without a pending ask()", generation: generation) }
        guard genomes.count <= count else {
            throw AlgorithmError(
                code: .invalidConfiguration, message: "\(genomes.count) given points for a generation of \(count) individuals", generation: generation)
        }
        for (position, genome) in genomes.enumerated() where genome.count != problem.space.count || !problem.space.contains(genome) {
            throw AlgorithmError(code: .invalidConfiguration, message: "given point \(position) lies outside the parameter space", generation: generation)
        }
    }

    /// Tells the fitness of every individual of the last ``ask()``, in ask order: the same as assigning
    /// each value to its individual (``Individual/assign(_:objectives:)``) and telling the individuals.
    ///
    /// - Throws: ``AlgorithmError``: `protocolViolation` without a pending ask, `evaluationMismatch` when
    ///   the number of values or of objective values is not the asked one.
    public mutating func tell(_ values: [Fitness]) throws(AlgorithmError) {
        let batch = try pendingBatch()
        guard values.count == batch.count else {
            throw AlgorithmError(
                code: .evaluationMismatch,
                message: "told \(values.count) fitness values, asked \(batch.count) individuals (tell(partial:) tells a generation cut short)",
                generation: generation)
        }
        try tell(assigning: values, to: batch, failure: "")
    }

    /// Tells fitness values and constraint values (each at most 0 when it holds) of every individual of the
    /// last ``ask()``, in ask order. Optimizers rank feasible individuals first and infeasible ones by their
    /// total violation (``Individual/isBetter(than:)``, ``Individual/dominates(_:)``).
    ///
    /// - Throws: ``AlgorithmError`` as ``tell(_:)-([Fitness])``, and `evaluationMismatch` when the number of
    ///   constraint rows is not the number of values.
    public mutating func tell(_ values: [Fitness], constraints: [[Double]]) throws(AlgorithmError) {
        var batch = try pendingBatch()
        guard values.count == batch.count, constraints.count == batch.count else {
            throw AlgorithmError(
                code: .evaluationMismatch,
                message: "told \(values.count) fitness values and \(constraints.count) constraint rows, asked \(batch.count) individuals",
                generation: generation)
        }
        for index in batch.indices { batch[index].constraints = constraints[index] }
        try tell(assigning: values, to: batch, failure: "")
    }

    /// Tells a generation cut short: `values` are the fitness of the first `values.count` individuals of
    /// the last ``ask()`` in ask order; the others count as failed (``Individual/failure`` set to
    /// `failure`, the worst value of every objective), as the environment driver treats a failed run.
    ///
    /// - Throws: ``AlgorithmError``: `protocolViolation` without a pending ask, `evaluationMismatch` for
    ///   more values than asked individuals or a fitness of the wrong size.
    public mutating func tell(partial values: [Fitness], failure: String = "not evaluated") throws(AlgorithmError) {
        let batch = try pendingBatch()
        guard values.count <= batch.count else {
            throw AlgorithmError(code: .evaluationMismatch, message: "told \(values.count) fitness values, asked only \(batch.count) individuals", generation: generation)
        }
        try tell(assigning: values, to: batch, failure: failure)
    }

    private func pendingBatch() throws(AlgorithmError) -> [Individual] {
        guard let batch = pendingIndividuals else {
            throw AlgorithmError(
                code: .protocolViolation,
                message: "tell by values needs a pending ask() (and an optimizer that exposes its asked individuals)", generation: generation)
        }
        return batch
    }

    private mutating func tell(assigning values: [Fitness], to batch: [Individual], failure: String) throws(AlgorithmError) {
        let objectives = problem.objectives
        var batch = batch
        for index in batch.indices {
            if index < values.count {
                guard values[index].count == objectives.count else {
                    throw AlgorithmError(
                        code: .evaluationMismatch,
                        message: "fitness \(index) has \(values[index].count) values, the problem \(objectives.count) objectives", generation: generation)
                }
                batch[index].assign(values[index], objectives: objectives)
            } else {
                batch[index].assign(Fitness(objectives.map(\.worstValue)), objectives: objectives)
                batch[index].failure = failure
            }
        }
        try tell(batch)
    }

    /// The random stream of `generation` for this optimizer's seed.
    static func stream(seed: UInt64, generation: Int) throws(AlgorithmError) -> RandomStream {
        do {
            return try RandomStream(seed: seed, keys: [UInt64(generation)])
        } catch {
            throw AlgorithmError(code: .random, message: "cannot create the stream of generation \(generation): \(error)", generation: generation)
        }
    }

    /// Checks that `evaluated` answers `asked`: same count and genomes, a fitness of the right size each.
    static func check(_ evaluated: [Individual], against asked: [Individual], problem: Problem, generation: Int) throws(AlgorithmError) {
        try check(evaluated, count: asked.count, genome: { asked[$0].genome }, problem: problem, generation: generation)
    }

    /// The same check against the asked genomes, read by position (no copies of the asked individuals).
    static func check(
        _ evaluated: [Individual], count: Int, genome asked: (Int) -> [Double], problem: Problem, generation: Int
    ) throws(AlgorithmError) {
        guard evaluated.count == count else {
            throw AlgorithmError(code: .evaluationMismatch, message: "told \(evaluated.count) individuals, asked \(count)", generation: generation)
        }
        for (index, told) in evaluated.enumerated() {
            guard told.genome == asked(index) else {
                throw AlgorithmError(code: .evaluationMismatch, message: "individual \(index) is not the one asked", generation: generation)
            }
            guard let fitness = told.fitness, fitness.count == problem.objectives.count else {
                throw AlgorithmError(
                    code: .evaluationMismatch,
                    message: "individual \(index) has \(told.fitness?.count ?? 0) fitness values, the problem \(problem.objectives.count) objectives",
                    generation: generation)
            }
        }
    }
}
