import Foundation
public import Pypet

/// What is recorded for every generation, as results of the trajectory under
/// `results.generations.gen_00000` (HDF5-LAYOUT.md, "Generations"): `population` (N x D), `fitness`
/// (N x M), `run_indices` (N), `statistics` (a dictionary), `hall_of_fame` (genomes and fitness),
/// `optimizer_state` (one item per state entry) and `rng_state` (the generation stream's generator and
/// state bytes, base64).
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

    /// The group of a generation: `generations.gen_00007`.
    public static func groupName(_ generation: Int) -> String {
        let digits = String(generation)
        return "generations.gen_" + String(repeating: "0", count: max(0, 5 - digits.count)) + digits
    }

    /// Adds the record to `trajectory` as results.
    public func add(to trajectory: Trajectory, problem: Problem) throws(TrajectoryError) {
        let base = Self.groupName(generation) + "."
        let dimensions = problem.space.count, objectives = problem.objectives.count
        try trajectory.addResult(base + "population", .array(try Self.matrix(evaluated.map(\.genome), columns: dimensions)),
                                 comment: "genomes evaluated in this generation (individual x dimension)")
        try trajectory.addResult(base + "fitness", .array(try Self.matrix(evaluated.map { $0.fitness?.values ?? [] }, columns: objectives)),
                                 comment: "fitness of each evaluated individual (individual x objective)")
        try trajectory.addResult(base + "run_indices", .array(NDArray(evaluated.map { $0.runIndex ?? -1 })),
                                 comment: "run that evaluated each individual (-1: evaluated outside an environment)")
        var statisticsItems: [String: PypetValue] = [
            "generation": .int(generation), "evaluations": .int(statistics.evaluations), "failures": .int(statistics.failures),
        ]
        for (index, objective) in problem.objectives.enumerated() {
            statisticsItems["min_" + objective.name] = .double(statistics.minimum[index])
            statisticsItems["max_" + objective.name] = .double(statistics.maximum[index])
            statisticsItems["mean_" + objective.name] = .double(statistics.mean[index])
            statisticsItems["std_" + objective.name] = .double(statistics.standardDeviation[index])
        }
        try trajectory.addResult(base + "statistics", .dictionary(statisticsItems), comment: "statistics of the population")
        try trajectory.addResult(base + "hall_of_fame", items: [
            "genomes": .array(try Self.matrix(hallOfFame.map(\.genome), columns: dimensions)),
            "fitness": .array(try Self.matrix(hallOfFame.map { $0.fitness?.values ?? [] }, columns: objectives)),
        ], comment: "best individuals so far, best first")
        let stateResult = try trajectory.addResult(base + "optimizer_state", comment: "the optimizer's state after this generation")
        for key in optimizerState.keys.sorted() {
            if let value = optimizerState[key] { try stateResult.set(key, value) }
        }
        if let randomState {
            try trajectory.addResult(base + "rng_state", items: [
                "algorithm": .string(randomState.algorithm),
                "state_base64": .string(Data(randomState.bytes).base64EncodedString()),
                "seed": .string(String(randomState.seed)),
                "keys": .array(NDArray(randomState.keys.map { Int(truncatingIfNeeded: $0) })),
            ], comment: "the generation stream after ask (GSL generator and state bytes)")
        }
    }

    /// A rows x columns matrix (rows of unequal length are padded with NaN).
    static func matrix(_ rows: [[Double]], columns: Int) throws(TrajectoryError) -> NDArray {
        var flat: [Double] = []
        flat.reserveCapacity(rows.count * columns)
        for row in rows {
            for column in 0..<columns { flat.append(column < row.count ? row[column] : .nan) }
        }
        return try NDArray(shape: [rows.count, columns], elements: .double(flat))
    }

    /// A population as state entries (genomes, fitness, generation).
    static func populationState(_ population: [Individual], problem: Problem, generation: Int) -> [String: PypetValue] {
        var state: [String: PypetValue] = ["generation": .int(generation)]
        if let genomes = try? matrix(population.map(\.genome), columns: problem.space.count) { state["population"] = .array(genomes) }
        if let fitness = try? matrix(population.map { $0.fitness?.values ?? [] }, columns: problem.objectives.count) {
            state["fitness"] = .array(fitness)
        }
        return state
    }
}
