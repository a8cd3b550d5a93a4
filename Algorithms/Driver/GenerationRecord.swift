import Foundation
public import Pypet

/// What is recorded for every generation: one result of the trajectory per generation,
/// `results.generations.gen_00000` (docs/FILE-LAYOUT.md, "Generations"), with the items `population`
/// (N x D genomes evaluated), `fitness` (N x M), `run_indices` (N), `statistics` (a dictionary),
/// `hall_of_fame` and `hall_of_fame_fitness`, `state_<name>` for every entry of the optimizer's state,
/// and `rng_algorithm`, `rng_state` (the generation stream's GSL state bytes, base64), `rng_keys`.
public struct GenerationRecord: Sendable, Hashable, Codable {
    /// The generation.
    public var generation: Int
    /// The individuals evaluated in this generation, in individual order.
    public var evaluated: [Individual]
    /// The population after `tell`.
    public var population: [Individual]
    /// Statistics of the population.
    public var statistics: GenerationStatistics
    /// The hall of fame after this generation.
    public var hallOfFame: [Individual]
    /// The optimizer's state after `tell`.
    public var optimizerState: [String: PypetValue]
    /// The generation stream's state after `ask`.
    public var randomState: RandomStreamState?

    /// The result's name below `results`: `generations.gen_00007`.
    public static func resultName(_ generation: Int) -> String {
        let digits = String(generation)
        return "generations.gen_" + String(repeating: "0", count: max(0, 5 - digits.count)) + digits
    }

    /// The record as one result of the trajectory, with the optimizer's and the driver's complete state as
    /// JSON (`optimizer_json`, `driver_json`: what resuming restores), whose arrays that the record holds as
    /// items are references to those items (``RecordJSON``).
    func result<O: Optimizer>(problem: Problem, optimizer: O, progress: OptimizationProgress) throws(AlgorithmError) -> TrajectoryResult {
        var result: TrajectoryResult
        do { result = try self.result(problem: problem) } catch {
            throw AlgorithmError(code: .environment, message: "cannot record generation \(generation): \(error.message)", generation: generation, underlying: error)
        }
        // Each piece of state once: arrays that are also items become references to them.
        result.set("optimizer_json", .string(RecordJSON.compact(try ExactJSON.encode(optimizer), items: result.items)))
        result.set("driver_json", .string(RecordJSON.compact(try ExactJSON.encode(progress), items: result.items)))
        return result
    }

    /// The record as one result of the trajectory (its items in a fixed order).
    public func result(problem: Problem) throws(TrajectoryError) -> TrajectoryResult {
        let dimensions = problem.space.count, objectives = problem.objectives.count
        var statisticsItems: [String: PypetValue] = [
            "generation": .int(generation), "evaluations": .int(statistics.evaluations), "failures": .int(statistics.failures),
        ]
        for (index, objective) in problem.objectives.enumerated() {
            statisticsItems["min_" + objective.name] = .double(statistics.minimum[index])
            statisticsItems["max_" + objective.name] = .double(statistics.maximum[index])
            statisticsItems["mean_" + objective.name] = .double(statistics.mean[index])
            statisticsItems["std_" + objective.name] = .double(statistics.standardDeviation[index])
        }
        var items: [(name: String, value: PypetValue)] = [
            ("population", .array(try Self.matrix(evaluated.map(\.genome), columns: dimensions))),
            ("fitness", .array(try Self.matrix(evaluated.map { $0.fitness?.values ?? [] }, columns: objectives))),
            ("run_indices", .array(NDArray(evaluated.map { $0.runIndex ?? -1 }))),
            ("failed", .array(NDArray(evaluated.map { $0.failure != nil }))),
            ("statistics", .dictionary(statisticsItems)),
            ("hall_of_fame", .array(try Self.matrix(hallOfFame.map(\.genome), columns: dimensions))),
            ("hall_of_fame_fitness", .array(try Self.matrix(hallOfFame.map { $0.fitness?.values ?? [] }, columns: objectives))),
        ]
        for key in optimizerState.keys.sorted() {
            if let value = optimizerState[key] { items.append(("state_" + key, value)) }
        }
        if let randomState {
            items.append(("rng_algorithm", .string(randomState.algorithm)))
            items.append(("rng_state", .string(Data(randomState.bytes).base64EncodedString())))
            items.append(("rng_keys", .array(NDArray(randomState.keys.map { Int(truncatingIfNeeded: $0) }))))
        }
        return TrajectoryResult(
            "results." + Self.resultName(generation),
            comment: "generation \(generation): evaluated individuals, fitness, statistics, hall of fame, optimizer and stream state",
            items: items)
    }

    /// Adds the record to an in-memory trajectory.
    public func add(to trajectory: Trajectory, problem: Problem) throws(TrajectoryError) {
        try result(problem: problem).add(to: trajectory)
    }

    /// A rows x columns matrix (rows of unequal length are padded with NaN).
    static func matrix(_ rows: [[Double]], columns: Int) throws(TrajectoryError) -> NDArray {
        try StateArrays.matrix(rows, columns: columns)
    }

    /// A population as state entries (genomes, fitness, generation).
    static func populationState(_ population: [Individual], problem: Problem, generation: Int) -> [String: PypetValue] {
        StateArrays.populationState(population, problem: problem, generation: generation)
    }
}
