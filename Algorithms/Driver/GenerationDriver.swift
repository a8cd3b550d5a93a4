import Pypet

/// Drives one ``Optimization`` through an environment's immediate post-processing, a generation at a time:
/// it collects the completions of the current generation's runs (in finishing order); once all are in, it
/// tells the optimizer in individual order, records and commits the generation, seals a part, and expands
/// the trajectory by the next generation. Its state is the current batch and what arrived of it; the
/// environment may call ``postProcess(_:_:)`` again after it added runs, and the search goes on where the
/// previous call left it.
final class GenerationDriver<Algorithm: Optimizer> {
    private let optimization: Optimization<Algorithm>
    private let environment: Environment
    /// The current generation's individuals, with their run indices.
    private var batch: [Individual]
    /// The run index of the batch's first individual.
    private var first: Int
    /// Completions of the current generation received so far, by run index.
    private var received: [Int: RunCompletion<Fitness>] = [:]
    /// Fitness of runs that completed before an interruption (reused, not run again), by run index.
    private var known: [Int: Fitness]
    /// The search stopped: further calls do nothing.
    private(set) var stopped = false

    /// A driver starting at `batch` (its run indices set), whose first run is `first`; `reused` holds the
    /// fitness of its runs that completed before an interruption.
    init(_ optimization: Optimization<Algorithm>, environment: Environment, batch: [Individual], first: Int, reused: [Int: Fitness]) {
        self.optimization = optimization
        self.environment = environment
        self.batch = batch
        self.first = first
        known = reused
    }

    /// The run indices of the current generation.
    var runs: [Int] { batch.indices.map { first + $0 } }

    /// Whether every run of the current generation is in (received now or reused).
    private var generationDone: Bool { received.count + known.count == batch.count }

    /// The post-processing: receives completions until the search stops or no run is left.
    func postProcess(_ trajectory: Trajectory, _ completions: RunCompletions<Fitness>) async throws -> [String: [PypetValue]]? {
        guard !stopped else { return nil }
        var iterator = completions.makeAsyncIterator()
        while !stopped {
            // A generation whose runs all completed before an interruption needs no run.
            if !generationDone {
                guard let completion = try await iterator.next() else { break }
                receive(completion)
                guard generationDone else { continue }
            }
            try await finishGeneration(trajectory, completions)
        }
        return nil
    }

    /// Keeps a completion of the current generation (others, such as late runs of an earlier call, are ignored).
    func receive(_ completion: RunCompletion<Fitness>) {
        guard completion.index >= first, completion.index < first + batch.count else { return }
        received[completion.index] = completion
    }

    /// Tells the complete generation, records and commits it, then stops or asks and expands by the next
    /// generation. The record is durable once committed (in the journal, like any run); parts are sealed
    /// on the environment's run and time cadence, never forced per generation.
    private func finishGeneration(_ trajectory: Trajectory, _ completions: RunCompletions<Fitness>) async throws {
        assignFitness(trajectory)
        let record = try optimization.generationFinished(batch, nextRun: first + batch.count)
        environment.progressDetail = optimization.progressText()
        let finished = optimization.shouldStop()
        do {
            var results = [try record.result(problem: optimization.problem, optimizer: optimization.optimizer, progress: optimization.progress)]
            if finished { results.append(try optimization.summaryResult()) }
            try await completions.commit(results)
        } catch let error as TrajectoryError {
            throw AlgorithmError(
                code: .environment, message: "cannot record generation \(record.generation): \(error.message)", generation: record.generation,
                underlying: error)
        }
        received.removeAll()
        known.removeAll()
        if finished {
            stopped = true
            return
        }
        batch = try optimization.askNext()
        if !batch.isEmpty { try completions.expand(try Optimization<Algorithm>.points(batch, problem: optimization.problem)) }
        first = trajectory.length - batch.count
        for index in batch.indices { batch[index].runIndex = first + index }
    }

    /// Assigns every individual its fitness in individual order, never finishing order: reused values,
    /// received values (the worst for pruned runs when the optimization says so), failures.
    private func assignFitness(_ trajectory: Trajectory) {
        let objectives = optimization.problem.objectives
        let worstWhenPruned = optimization.prunedFitness == .worst
        for index in batch.indices {
            if let fitness = known[first + index] {
                let pruned = worstWhenPruned && ((try? trajectory.runInformation(first + index).pruned) ?? false)
                if assign(fitness, to: index, worst: pruned) { continue }
            } else if let done = received[first + index], let value = done.value {
                if assign(value, to: index, worst: done.prunedAtStep != nil && worstWhenPruned) { continue }
            }
            let done = received[first + index]
            let values = (known[first + index] ?? done?.value)?.count ?? 0
            let expected = optimization.acceptsConstraints ? "at least \(objectives.count)" : "\(objectives.count)"
            optimization.markFailed(&batch[index], done?.failure ?? "the fitness has \(values) values for \(expected) objectives")
        }
    }

    /// Assigns a run's values (the fitness, then constraint values when the optimization accepts them) to
    /// individual `index`; `worst` gives it the worst fitness (its constraint values stay). False when the
    /// number of values does not fit the problem.
    private func assign(_ returned: Fitness, to index: Int, worst: Bool) -> Bool {
        let objectives = optimization.problem.objectives
        let values = returned.values
        guard values.count == objectives.count || (optimization.acceptsConstraints && values.count > objectives.count) else { return false }
        let fitness = worst ? Fitness(objectives.map(\.worstValue)) : Fitness(Array(values[..<objectives.count]))
        batch[index].assign(fitness, objectives: objectives)
        batch[index].constraints = Array(values[objectives.count...])
        return true
    }
}
