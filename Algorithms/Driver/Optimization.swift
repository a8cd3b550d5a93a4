import Foundation
public import Pypet

/// Runs an ``Optimizer`` until a ``StoppingCriteria`` holds: through an `Environment` (every generation
/// expands the trajectory with its individuals as explored parameters, runs them on the environment's
/// executor, receives the completions by immediate post-processing, tells the optimizer in individual
/// order and records the generation), or in memory with a plain fitness function.
///
/// ```swift
/// let problem = try Problem(space: .box(10, lower: -5.12, upper: 5.12), objectives: [.minimize("f")])
/// let optimization = Optimization(try GeneticAlgorithm(problem: problem, seed: 7), stopping: .init(generations: 50))
/// let result = try await optimization.run(on: env) { run in
///     Fitness(rastrigin(try (0..<10).map { try run.value("x\($0)", as: Double.self) }))
/// }
/// ```
public final class Optimization<Algorithm: Optimizer> {
    /// The optimizer, in its current state.
    public private(set) var optimizer: Algorithm
    /// When to stop.
    public var stopping: StoppingCriteria
    /// Statistics of every generation.
    public private(set) var logbook = Logbook()
    /// The best individuals so far.
    public private(set) var hallOfFame: HallOfFame
    /// The non-dominated individuals so far (multi-objective problems).
    public private(set) var paretoFront = ParetoFront()
    /// Evaluations so far.
    public private(set) var evaluations = 0
    /// Called after every generation (to print progress).
    public var onGeneration: ((GenerationRecord) -> Void)?
    private var bestValue: Double?
    private var stagnantGenerations = 0

    /// An optimization of `optimizer`, keeping `hallOfFameSize` best individuals.
    public init(_ optimizer: Algorithm, stopping: StoppingCriteria, hallOfFameSize: Int = 10) {
        self.optimizer = optimizer
        self.stopping = stopping
        hallOfFame = HallOfFame(capacity: hallOfFameSize)
    }

    /// The problem optimized.
    public var problem: Problem { optimizer.problem }

    /// The best individual so far.
    public var best: Individual? { hallOfFame.best }

    // MARK: In memory

    /// Optimizes in memory: `fitness` evaluates genomes (use ``ParameterSpace/values(of:)`` for the
    /// parameter values). A throwing fitness marks the individual failed with the worst fitness.
    @discardableResult
    public func run(fitness: ([Double]) throws -> Fitness) throws(AlgorithmError) -> Individual? {
        let objectives = problem.objectives
        while !shouldStop() {
            var batch = try optimizer.ask()
            for index in batch.indices {
                do {
                    batch[index].assign(try fitness(batch[index].genome), objectives: objectives)
                } catch {
                    markFailed(&batch[index], String(describing: error))
                }
            }
            try finishGeneration(batch, recording: onGeneration != nil)
        }
        return best
    }

    // MARK: Through an environment

    /// Optimizes through `environment`: adds the space's parameters to its trajectory (if missing),
    /// explores the first generation, and expands the trajectory by every later one. `fitness` runs once
    /// per individual as a run; a throwing fitness marks the run failed and the individual gets the
    /// worst fitness. Every generation is recorded under `results.generations` and sealed in a part file.
    @discardableResult
    public func run(
        on environment: Environment, fitness: @escaping @Sendable (RunContext) async throws -> Fitness
    ) async throws(AlgorithmError) -> Individual? {
        let trajectory = environment.trajectory
        try problem.space.addParameters(to: trajectory)
        guard !shouldStop() else { return best }
        var batch = try optimizer.ask()
        var first = try expand(trajectory, with: batch)
        for index in batch.indices { batch[index].runIndex = first + index }
        let objectives = problem.objectives
        do {
            try await environment.run(
                { run in try await fitness(run) },
                postProcessing: .immediate { [self] trajectory, completions in
                    var received: [Int: RunCompletion<Fitness>] = [:]
                    for try await completion in completions {
                        guard completion.index >= first, completion.index < first + batch.count else { continue }
                        received[completion.index] = completion
                        guard received.count == batch.count else { continue }
                        // The whole generation is in: tell it in individual order, never finishing order.
                        for index in batch.indices {
                            guard let done = received[first + index] else { continue }
                            if let value = done.value, value.values.count == objectives.count {
                                batch[index].assign(value, objectives: objectives)
                            } else {
                                markFailed(&batch[index], done.failure ?? "the fitness has \(done.value?.values.count ?? 0) values for \(objectives.count) objectives")
                            }
                        }
                        let record = try finishGeneration(batch, recording: true)
                        do {
                            try await completions.commit([try record.leaf(problem: problem)])
                        } catch let error as TrajectoryError {
                            throw AlgorithmError(code: .environment, message: "cannot record generation \(record.generation): \(error.message)", generation: record.generation, underlying: error)
                        }
                        try await completions.checkpoint()
                        received.removeAll()
                        guard !shouldStop() else { continue }
                        batch = try optimizer.ask()
                        try completions.expand(try Self.points(batch, problem: problem))
                        first = trajectory.length - batch.count
                        for index in batch.indices { batch[index].runIndex = first + index }
                    }
                    return nil
                })
        } catch {
            if let algorithm = error.underlying as? AlgorithmError { throw algorithm }
            throw AlgorithmError(code: .environment, message: error.message, generation: optimizer.generation, underlying: error)
        }
        return best
    }

    // MARK: Internal

    private func markFailed(_ individual: inout Individual, _ message: String) {
        individual.assign(Fitness(problem.objectives.map(\.worstValue)), objectives: problem.objectives)
        individual.failure = message
    }

    /// Tells the optimizer and updates hall of fame, front, logbook and stagnation; builds the generation's
    /// record (which copies the optimizer's state) only when `recording`.
    @discardableResult
    private func finishGeneration(_ batch: [Individual], recording: Bool) throws(AlgorithmError) -> GenerationRecord {
        let generation = optimizer.generation
        try optimizer.tell(batch)
        evaluations += batch.count
        hallOfFame.update(with: optimizer.population)
        if problem.isMultiObjective { paretoFront.update(with: optimizer.population) }
        let statistics = GenerationStatistics(
            generation: generation, evaluations: batch.count, failures: batch.filter { $0.failure != nil }.count,
            population: optimizer.population, objectives: problem.objectives.count)
        logbook.record(statistics)
        updateStagnation()
        let record = GenerationRecord(
            generation: generation, evaluated: recording ? batch : [], population: recording ? optimizer.population : [],
            statistics: statistics, hallOfFame: recording ? hallOfFame.members : [], optimizerState: recording ? optimizer.state : [:],
            randomState: recording ? optimizer.randomState : nil)
        if recording { onGeneration?(record) }
        return record
    }

    private func updateStagnation() {
        guard let value = hallOfFame.best?.fitness?.values.first else { return }
        let minimize = problem.objectives[0].direction == .minimize
        if let bestValue, minimize ? value >= bestValue : value <= bestValue {
            stagnantGenerations += 1
        } else {
            bestValue = value
            stagnantGenerations = 0
        }
    }

    /// Whether to stop before asking for another generation.
    public func shouldStop() -> Bool {
        if optimizer.isFinished { return true }
        if let limit = stopping.generations, optimizer.generation >= limit { return true }
        if let budget = stopping.evaluations, evaluations >= budget { return true }
        if let target = stopping.target, let value = hallOfFame.best?.fitness?.values.first {
            if problem.objectives[0].direction == .minimize ? value <= target : value >= target { return true }
        }
        if let patience = stopping.stagnation, stagnantGenerations >= patience { return true }
        return false
    }

    /// Explores (first generation, empty trajectory) or expands the trajectory by `batch`; returns the
    /// index of its first run.
    private func expand(_ trajectory: Trajectory, with batch: [Individual]) throws(AlgorithmError) -> Int {
        let points = try Self.points(batch, problem: problem)
        do {
            if trajectory.exploredParameterNames.isEmpty {
                try trajectory.explore(points)
            } else {
                try trajectory.expand(points)
            }
        } catch {
            throw AlgorithmError(code: .environment, message: "cannot explore generation \(optimizer.generation - 1): \(error.message)", underlying: error)
        }
        // (An unexplored trajectory has length 1: its single default run; exploring replaces it.)
        return trajectory.length - batch.count
    }

    static func points(_ batch: [Individual], problem: Problem) throws(AlgorithmError) -> [String: [PypetValue]] {
        var points: [String: [PypetValue]] = [:]
        for (index, dimension) in problem.space.dimensions.enumerated() {
            points[dimension.name] = batch.map { dimension.value(of: $0.genome[index]) }
        }
        return points
    }
}
