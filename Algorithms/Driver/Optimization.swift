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
    /// The genomes a new search's first generation starts from (``warmStart(_:)``).
    var warmGenomes: [[Double]] = []

    /// The optimizer's next generation, with the warm-start points in place of its first individuals when
    /// it is the first generation of a new search.
    func askNext() throws(AlgorithmError) -> [Individual] {
        let batch = try optimizer.ask()
        guard optimizer.generation == 0, !warmGenomes.isEmpty else { return batch }
        try optimizer.replacePending(with: warmGenomes)
        return optimizer.pendingIndividuals ?? batch
    }
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
        callStarted = .now
        let objectives = problem.objectives
        while !shouldStop() {
            var batch = try askNext()
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

    /// Runs the optimization in memory with an asynchronous, throwing fitness evaluated on `cores` tasks
    /// (0: one per processor). Each generation is told in individual order once every evaluation of it is
    /// back, so the result is the same as a serial run's for any core count; a throwing evaluation marks
    /// its individual failed (the algorithm's failure fitness).
    @discardableResult
    public func run(cores: Int, fitness: @escaping @Sendable ([Double]) async throws -> Fitness) async throws(AlgorithmError) -> Individual? {
        callStarted = .now
        let objectives = problem.objectives
        let workers = BoundedTasks.workers(cores)
        while !shouldStop() {
            var batch = try askNext()
            let results = await BoundedTasks.map(batch.map(\.genome), workers: workers) { genome -> Result<Fitness, any Error> in
                do {
                    return .success(try await fitness(genome))
                } catch {
                    return .failure(error)
                }
            }
            for index in batch.indices {
                switch results[index] {
                case .success(let value): batch[index].assign(value, objectives: objectives)
                case .failure(let error): markFailed(&batch[index], String(describing: error))
                }
            }
            try finishGeneration(batch, recording: onGeneration != nil)
        }
        return best
    }

    // MARK: Through an environment

    /// Also store each individual's fitness as the run's result `fitness` (a 1-D array, `traj.crun.fitness`
    /// in pypet). Off by default: every run's fitness is already committed as its return value
    /// (`overview/run_values`) and in the generation record, and a result costs HDF5 objects per run.
    public var storesFitnessPerRun = false

    /// What the optimizer is told for an individual whose run the environment's pruner stopped early
    /// (``EnvironmentOptions/pruning``).
    public enum PrunedFitness: Sendable, Hashable {
        /// The fitness the job returned when it stopped (the value reached so far, typically worse than what
        /// a full training would reach): pruned individuals still rank among themselves. The default.
        case returned
        /// The worst fitness, as for a failed run: pruned individuals never become parents.
        case worst
    }

    /// What a pruned run's individual gets (see ``PrunedFitness``).
    public var prunedFitness: PrunedFitness = .returned

    /// When the current `run` call started (for ``StoppingCriteria/seconds``).
    private var callStarted: ContinuousClock.Instant?

    /// Resume even when the file was written with another algorithm configuration (the parameter space
    /// and objectives must still match).
    public var allowsConfigurationChange = false

    /// What the last call of ``run(on:fitness:)`` did: started a new search, continued one at a
    /// generation, or found it finished.
    public private(set) var resumption: Resumption = .none

    /// How ``run(on:fitness:)`` began.
    public enum Resumption: Sendable, Hashable {
        /// No call yet.
        case none
        /// A new search.
        case started
        /// A search continued after its last recorded generation (the argument), reusing `reusedRuns`
        /// runs that had completed.
        case resumed(afterGeneration: Int, reusedRuns: Int)
        /// The file records a finished search; nothing was run.
        case alreadyFinished
    }

    /// Optimizes through `environment`: adds the space's parameters to its trajectory (if missing),
    /// explores the first generation, and expands the trajectory by every later one. `fitness` runs once
    /// per individual as a run; a throwing fitness marks the run failed and the individual gets the
    /// worst fitness. Every generation is recorded under `results.generations` and sealed in a part file.
    ///
    /// When the trajectory already holds recorded generations (an environment created with
    /// `EnvironmentOptions.resume` on a file of an interrupted search), the optimizer and this driver are
    /// restored from the last one, the runs of the next generation that completed are reused, and the
    /// search continues exactly as it would have without the interruption. Another parameter space or
    /// algorithm configuration throws ``AlgorithmError/Code/resumeMismatch``.
    @discardableResult
    public func run(
        on environment: Environment, fitness: @escaping @Sendable (RunContext) async throws -> Fitness
    ) async throws(AlgorithmError) -> Individual? {
        let trajectory = environment.trajectory
        environmentFile = environment.file
        callStarted = .now
        try problem.space.addParameters(to: trajectory)
        try checkConfiguration(trajectory)
        // The optimizer and this driver continue from the last recorded generation, if any.
        let finished = try isFinished(trajectory)
        let restoredGeneration = finished ? try lastRecord(trajectory).map { _ in optimizer.generation - 1 } : try restore(from: trajectory)
        try checkLimits()
        if finished {
            guard !shouldStop() else {
                resumption = .alreadyFinished
                return best
            }
            // Raised limits (more generations, evaluations or time): the search continues from its last
            // generation as if it had been started with them, and its finished record is superseded.
            try supersedeSummary(of: trajectory, in: environment.file)
        }
        guard !shouldStop() else { return best }
        generationsThisCall = 0
        environment.progressDetail = progressText()
        defer { environment.progressDetail = nil }
        var batch = try askNext()
        let (first, reused) = try place(batch, in: trajectory, from: progressNextRun)
        for index in batch.indices { batch[index].runIndex = first + index }
        resumption = restoredGeneration.map { .resumed(afterGeneration: $0, reusedRuns: reused.count) } ?? .started
        let storesFitness = storesFitnessPerRun
        let driver = GenerationDriver(self, environment: environment, batch: batch, first: first, reused: reused)
        do {
            try await environment.run(
                { run in
                    let value = try await fitness(run)
                    if storesFitness { try run.addResult("fitness", .array(NDArray(value.values)), comment: "the individual's fitness") }
                    return value
                },
                postProcessing: .immediate { trajectory, completions in try await driver.postProcess(trajectory, completions) },
                // Every run of the generation is named (the environment skips the completed ones): the
                // generation is one batch, which synchronous pruning compares with earlier generations only.
                runs: driver.runs)
        } catch {
            if let algorithm = error.underlying as? AlgorithmError { throw algorithm }
            throw AlgorithmError(code: .environment, message: error.message, generation: optimizer.generation, underlying: error)
        }
        return best
    }

    /// Records the end of a generation told through an environment: `nextRun` is the first run of the next
    /// generation (kept with the driver's progress).
    func generationFinished(_ batch: [Individual], nextRun: Int) throws(AlgorithmError) -> GenerationRecord {
        progressNextRun = nextRun
        let record = try finishGeneration(batch, recording: true)
        generationsThisCall += 1
        return record
    }

    /// Refuses limits below what the file's search already spent (a resumed search cannot run backwards).
    private func checkLimits() throws(AlgorithmError) {
        if let limit = stopping.generations, limit < optimizer.generation {
            throw AlgorithmError(
                code: .invalidConfiguration,
                message: "the file's search already ran \(optimizer.generation) generations, more than the limit of \(limit); raise the limit (or use another file) to go on")
        }
        // A budget that the last generation crossed is fine (the search stopped there); one that would have
        // stopped the search before its last generation is not.
        if let budget = stopping.evaluations, budget <= evaluations - (logbook.entries.last?.evaluations ?? evaluations), evaluations > 0 {
            throw AlgorithmError(
                code: .invalidConfiguration,
                message: "the file's search already spent \(evaluations) evaluations, more than the budget of \(budget); raise the budget (or use another file) to go on")
        }
        if let seconds = stopping.seconds, !(seconds > 0) {
            throw AlgorithmError(code: .invalidConfiguration, message: "the time limit must be a positive number of seconds, not \(seconds)")
        }
    }

    /// Generations finished by the current `run(on:fitness:)` call (for the progress line's ETA).
    private var generationsThisCall = 0

    /// The progress line's detail: generation, evaluations, best value so far and, with a generation limit,
    /// the time left at this call's pace.
    func progressText() -> String {
        var parts = ["generation \(optimizer.generation)" + (stopping.generations.map { " of \($0)" } ?? "")]
        parts.append("\(evaluations) evaluations")
        if let best = hallOfFame.best?.fitness?.firstValue { parts.append("best " + String(format: "%.6g", best)) }
        if let limit = stopping.generations, generationsThisCall > 0, let started = callStarted {
            let perGeneration = (ContinuousClock.now - started) / .seconds(1) / Double(generationsThisCall)
            let left = perGeneration * Double(max(0, limit - optimizer.generation))
            parts.append("ETA " + (left < 60 ? "\(Int(left.rounded(.up)))s" : "\(Int(left / 60))m\(Int(left.truncatingRemainder(dividingBy: 60)))s"))
        }
        return parts.joined(separator: ", ")
    }

    /// The first run of the next generation (recorded with the driver's progress).
    private var progressNextRun = 0
    /// The file of the environment being driven (for the runs' recorded return values).
    private var environmentFile: String?

    var progress: OptimizationProgress {
        OptimizationProgress(
            entry: logbook.entries.last, logbook: nil, hallOfFame: hallOfFame, paretoFront: paretoFront, evaluations: evaluations, bestValue: bestValue,
            stagnantGenerations: stagnantGenerations, nextRun: progressNextRun)
    }

    // MARK: Resuming

    static var configurationName: String { "results.optimization.configuration" }
    static var summaryName: String { "results.optimization.summary" }

    /// Records the problem and the algorithm configuration, or compares them with the recorded ones.
    private func checkConfiguration(_ trajectory: Trajectory) throws(AlgorithmError) {
        let problemJSON = try ExactJSON.encode(problem)
        let configurationJSON = try ExactJSON.encode(optimizer.configuration)
        if let recorded = try? trajectory.result(Self.configurationName) {
            // Compared as decoded values, not as text: a file of an earlier version (other JSON keys) or
            // another encoder's key order still matches.
            let storedProblem = (try? recorded.item("problem")).flatMap { value -> Problem? in
                guard case .string(let text) = value else { return nil }
                return try? ExactJSON.decode(Problem.self, from: text)
            }
            let storedText = (try? recorded.item("algorithm")).flatMap { if case .string(let text) = $0 { text } else { nil } }
            let storedConfiguration = storedText.flatMap { try? ExactJSON.decode([String: PypetValue].self, from: $0) }
            guard storedProblem == problem else {
                throw AlgorithmError(
                    code: .resumeMismatch,
                    message: "the file's search has another parameter space or other objectives; refusing to continue it (use another file or trajectory)")
            }
            guard storedConfiguration == optimizer.configuration || allowsConfigurationChange else {
                let described = storedConfiguration.map { Self.describe($0) } ?? "unreadable"
                throw AlgorithmError(
                    code: .resumeMismatch,
                    message: "the file's search used another algorithm configuration (\(described)); set allowsConfigurationChange to continue it anyway")
            }
            return
        }
        do {
            try trajectory.addResult(Self.configurationName, items: [
                "problem": .string(problemJSON), "algorithm": .string(configurationJSON), "name": .string(optimizer.name),
            ], comment: "the optimized problem and the algorithm configuration (JSON)")
        } catch {
            throw AlgorithmError(code: .environment, message: "cannot record the configuration: \(error.message)", underlying: error)
        }
    }

    /// A configuration for people: `crossover = sbx(eta=20.0), cxpb = 0.5, ...`.
    private static func describe(_ configuration: [String: PypetValue]) -> String {
        configuration.keys.sorted().map { key in
            let value = configuration[key].map { value -> String in
                switch value {
                case .string(let text): text
                case .int(let number): String(number)
                case .double(let number): String(number)
                case .bool(let flag): String(flag)
                default: value.typeDescription
                }
            } ?? ""
            return key + " = " + value
        }.joined(separator: ", ")
    }

    private func isFinished(_ trajectory: Trajectory) throws(AlgorithmError) -> Bool {
        guard let summary = try? trajectory.result(Self.summaryName), (try? summary.item("finished")) == .bool(true) else { return false }
        if let last = try lastRecord(trajectory) { try restore(last) }
        return true
    }

    /// Removes the record of a finished search (from the trajectory and its file) before it continues.
    private func supersedeSummary(of trajectory: Trajectory, in file: String?) throws(AlgorithmError) {
        do {
            if let group = try? trajectory.node("results.optimization") as? GroupNode, group.contains("summary") {
                try group.removeChild("summary", recursive: true)
            }
            if let file, FileManager.default.fileExists(atPath: file) {
                try TrajectoryStorage(path: file).deleteItem(Self.summaryName, trajectory: trajectory.name)
            }
        } catch {
            throw AlgorithmError(code: .environment, message: "cannot reopen the finished search: \(error)", underlying: error)
        }
    }

    /// The recorded generation with the highest number, if any.
    private func lastRecord(_ trajectory: Trajectory) throws(AlgorithmError) -> ResultNode? {
        guard let group = try? trajectory.node("results.generations") as? GroupNode else { return nil }
        return Self.generationRecords(in: group).last
    }

    /// Restores the optimizer and this driver from the last recorded generation; returns its number.
    private func restore(from trajectory: Trajectory) throws(AlgorithmError) -> Int? {
        guard let last = try lastRecord(trajectory) else { return nil }
        return try restore(last)
    }

    @discardableResult
    private func restore(_ record: ResultNode) throws(AlgorithmError) -> Int {
        optimizer = try ExactJSON.decode(Algorithm.self, from: try Self.text("optimizer_json", of: record))
        let restored = try ExactJSON.decode(OptimizationProgress.self, from: try Self.text("driver_json", of: record))
        if let recorded = restored.logbook { logbook = recorded } else { logbook = try Self.logbook(upTo: record) }
        hallOfFame = restored.hallOfFame
        paretoFront = restored.paretoFront
        evaluations = restored.evaluations
        bestValue = restored.bestValue
        stagnantGenerations = restored.stagnantGenerations
        progressNextRun = restored.nextRun
        return optimizer.generation - 1
    }

    /// The generation records of a `generations` group in generation order (by number, so that
    /// `gen_100000` follows `gen_99999`).
    private static func generationRecords(in group: GroupNode) -> [ResultNode] {
        group.children.compactMap { $0 as? ResultNode }.filter { $0.name.hasPrefix("gen_") && generationNumber($0) != nil }
            .sorted { (generationNumber($0) ?? 0) < (generationNumber($1) ?? 0) }
    }

    private static func generationNumber(_ record: ResultNode) -> Int? { Int(record.name.dropFirst(4)) }

    /// The JSON item `name` of a generation record, with its references to the record's items expanded.
    private static func text(_ name: String, of record: ResultNode) throws(AlgorithmError) -> String {
        guard case .string(let value)? = try? record.item(name) else {
            throw AlgorithmError(code: .resumeMismatch, message: "generation record \(record.name) has no \(name)")
        }
        return try RecordJSON.expand(value, record: record.name) { try? record.item($0) }
    }

    /// The logbook rebuilt from the entries of the generation records up to `last` (every record holds
    /// its own generation's entry); a missing record or entry is an error, not a shorter logbook.
    private static func logbook(upTo last: ResultNode) throws(AlgorithmError) -> Logbook {
        var logbook = Logbook()
        guard let group = last.parent else { return logbook }
        let lastNumber = generationNumber(last) ?? Int.max
        for record in generationRecords(in: group) where (generationNumber(record) ?? 0) <= lastNumber {
            let progress = try ExactJSON.decode(OptimizationProgress.self, from: try text("driver_json", of: record))
            guard let entry = progress.entry else {
                throw AlgorithmError(code: .resumeMismatch, message: "generation record \(record.name) has no logbook entry")
            }
            logbook.record(entry)
        }
        return logbook
    }

    /// Where the asked generation `batch` goes: at `start`, expanding the trajectory, or onto the runs an
    /// interrupted session had already explored (their points must be the same). Returns the first run
    /// index and the fitness of those runs that completed.
    private func place(_ batch: [Individual], in trajectory: Trajectory, from start: Int) throws(AlgorithmError) -> (Int, [Int: Fitness]) {
        let unexplored = trajectory.exploredParameterNames.isEmpty
        // A generation that asks nobody (a GA whose offspring are all unchanged copies) adds no run.
        if batch.isEmpty, !unexplored { return (start, [:]) }
        if unexplored || trajectory.length == start {
            return (try expand(trajectory, with: batch), [:])
        }
        guard trajectory.length >= start + batch.count else {
            throw AlgorithmError(
                code: .resumeMismatch,
                message: "the trajectory has \(trajectory.length) runs but the next generation needs runs \(start)..<\(start + batch.count)")
        }
        let points = try Self.points(batch, problem: problem)
        var reused: [Int: Fitness] = [:]
        do {
            for (name, values) in points {
                let range = try trajectory.parameter(name).range
                guard Array(range[start..<(start + batch.count)]) == values else {
                    throw AlgorithmError(
                        code: .resumeMismatch,
                        message: "the runs \(start)..<\(start + batch.count) in the file explore other values of '\(name)' than the optimizer proposes")
                }
            }
            let returned = (try? environmentFile.map { try TrajectoryStorage(path: $0).runValues(of: trajectory.name) }) ?? nil
            for index in start..<(start + batch.count) where try trajectory.isCompleted(index) {
                let recorded = returned?[index].flatMap { try? Fitness(pypetValue: $0) }
                guard let fitness = try recorded ?? storedFitness(trajectory, run: index) else {
                    throw AlgorithmError(code: .resumeMismatch, message: "run \(index) completed but its fitness was not stored; cannot reuse it")
                }
                reused[index] = fitness
            }
        } catch let error as AlgorithmError {
            throw error
        } catch {
            throw AlgorithmError(code: .environment, message: "cannot compare the stored runs: \(error)", underlying: error)
        }
        return (start, reused)
    }

    private func storedFitness(_ trajectory: Trajectory, run index: Int) throws -> Fitness? {
        let candidates = ["results.runs.\(NodeName.run(index)).fitness", "results.\(NodeName.runSet(index)).\(NodeName.run(index)).fitness"]
        for name in candidates {
            guard let result = try? trajectory.result(name) else { continue }
            if case .array(let array) = try result.item("fitness"), case .double(let values) = array.elements { return Fitness(values) }
        }
        return nil
    }

    /// The summary committed with the last generation of a finished search.
    func summaryResult() throws(AlgorithmError) -> TrajectoryResult {
        var summary = TrajectoryResult(Self.summaryName, comment: "the finished search", items: [
            ("finished", .bool(true)), ("generations", .int(optimizer.generation)), ("evaluations", .int(evaluations)),
        ])
        if let best = hallOfFame.best {
            summary.set("best_genome", .array(NDArray(best.genome)))
            summary.set("best_fitness", .array(NDArray(best.fitness?.values ?? [])))
        }
        return summary
    }

    // MARK: Internal

    func markFailed(_ individual: inout Individual, _ message: String) {
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
            generation: generation, evaluations: batch.count, failures: batch.indices.reduce(0) { $0 + (batch[$1].failure == nil ? 0 : 1) },
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
        guard let value = hallOfFame.best?.fitness?.firstValue else { return }
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
        if let target = stopping.target, let value = hallOfFame.best?.fitness?.firstValue {
            if problem.objectives[0].direction == .minimize ? value <= target : value >= target { return true }
        }
        if let patience = stopping.stagnation, stagnantGenerations >= patience { return true }
        if let seconds = stopping.seconds, let started = callStarted, ContinuousClock.now - started >= .seconds(seconds) { return true }
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
