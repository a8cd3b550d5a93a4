import Foundation
public import Pypet

/// One recorded generation, read back from a file.
public struct RecordedGeneration: Sendable, Hashable {
    /// The generation.
    public var generation: Int
    /// The genomes evaluated in it, in individual order.
    public var population: [[Double]]
    /// Their fitness values (one row per individual, one column per objective).
    public var fitness: [[Double]]
    /// The runs that evaluated them.
    public var runIndices: [Int]
    /// Which evaluations failed.
    public var failed: [Bool]
    /// The recorded statistics (`min_<objective>`, `mean_<objective>`, `evaluations`, ...).
    public var statistics: [String: PypetValue]
    /// The hall of fame after this generation (genomes, best first) and its fitness.
    public var hallOfFame: [[Double]]
    /// The fitness of the hall of fame's members, in the same order.
    public var hallOfFameFitness: [[Double]]

    /// The best genome and fitness so far (the head of the hall of fame).
    public var bestSoFar: (genome: [Double], fitness: [Double])? {
        guard let genome = hallOfFame.first, let fitness = hallOfFameFitness.first else { return nil }
        return (genome, fitness)
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.generation == rhs.generation && lhs.population == rhs.population && lhs.fitness == rhs.fitness
            && lhs.runIndices == rhs.runIndices && lhs.failed == rhs.failed && lhs.statistics == rhs.statistics
            && lhs.hallOfFame == rhs.hallOfFame && lhs.hallOfFameFitness == rhs.hallOfFameFitness
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(generation)
        hasher.combine(runIndices)
    }
}

/// A difference found by ``GenerationReplay/verify(fitness:tolerance:)``.
public struct ReplayDifference: Sendable, Hashable, CustomStringConvertible {
    /// The generation and individual.
    public var generation: Int, individual: Int
    /// The recorded and the recomputed fitness.
    public var recorded: [Double], recomputed: [Double]

    public var description: String {
        "generation \(generation), individual \(individual): recorded \(recorded), recomputed \(recomputed)"
    }
}

/// The recorded generations of an optimization file, read without the user's code (replay), and a
/// reproducibility check that evaluates them again.
public struct GenerationReplay: Sendable {
    /// The generations, in order.
    public let generations: [RecordedGeneration]
    /// The trajectory's name.
    public let trajectoryName: String
    /// The file the generations were read from.
    public let file: String
    /// The optimized problem as the file records it (nil for files without it): names and decodes the genes
    /// (``ParameterSpace/values(of:)``: categorical and integer dimensions as their values).
    public let problem: Problem?

    /// Reads every generation recorded in `file` (merging nothing: a file with parts or a journal left
    /// shows what its last merge holds; `Environment` with `resume` merges them).
    public init(file: String, trajectory name: String? = nil) throws(AlgorithmError) {
        let loaded: Trajectory
        do {
            var options = LoadOptions(parameters: .nothing, derivedParameters: .nothing, config: .nothing, results: .skeleton,
                                      withRunInformation: false)
            options.includesRunGroups = false  // generation records are the trajectory's own results
            loaded = try TrajectoryStorage(path: file).load(name: name, options: options).trajectory
        } catch {
            throw AlgorithmError(code: .environment, message: "cannot read '\(file)': \(error.message)", underlying: error)
        }
        trajectoryName = loaded.name
        self.file = file
        if case .string(let text)? = try? loaded.result("results.optimization.configuration").item("problem") {
            problem = try? ExactJSON.decode(Problem.self, from: text)
        } else {
            problem = nil
        }
        guard let group = try? loaded.node("results.generations") as? GroupNode else {
            generations = []
            return
        }
        var generations: [RecordedGeneration] = []
        for case let record as ResultNode in group.children.sorted(by: { $0.name < $1.name }) where record.name.hasPrefix("gen_") {
            do {
                generations.append(try Self.read(record))
            } catch {
                throw AlgorithmError(code: .resumeMismatch, message: "generation record \(record.name) cannot be read", underlying: error)
            }
        }
        self.generations = generations
    }

    /// Evaluates every recorded individual again with the same kind of closure the optimization ran
    /// (`Optimization.run(on:fitness:)`): each run's context is rebuilt from the file (its index, its
    /// parameters with the run's explored values, and its random stream from the environment's seed and
    /// the run index), so a fitness that draws from `run.random` or reads the run index is re-checked too.
    /// Runs on `cores` tasks (0: every processor; the result does not depend on it). Returns where the
    /// recomputed fitness differs from the record by more than `tolerance`, in generation and individual
    /// order; failed evaluations are skipped. `seed` overrides the seed recorded by the environment.
    public func verify(
        cores: Int = 0, tolerance: Double = 0, seed: UInt64? = nil,
        fitness: @escaping @Sendable (RunContext) async throws -> Fitness
    ) async throws(AlgorithmError) -> [ReplayDifference] {
        let trajectory: Trajectory
        do {
            trajectory = try TrajectoryStorage(path: file).load(
                name: trajectoryName, options: LoadOptions(results: .nothing, withRunInformation: false)).trajectory
        } catch {
            throw AlgorithmError(code: .environment, message: "cannot read '\(file)': \(error.message)", underlying: error)
        }
        guard let runSeed = seed ?? Self.recordedSeed(trajectory) else {
            throw AlgorithmError(code: .environment, message: "'\(file)' records no environment seed; pass the seed the search ran with")
        }
        // Runs a pruner stopped: replayed to stop at the recorded step (a report returns true there).
        let pruned = (try? TrajectoryStorage(path: file).runStatus().pruned) ?? [:]
        let snapshot = ParameterSnapshot(trajectory)
        var explored: [(String, [PypetValue])] = []
        for name in trajectory.exploredParameterNames {
            do {
                explored.append((name, try trajectory.parameter(name).range))
            } catch {
                throw AlgorithmError(code: .environment, message: "cannot read the explored parameter \(name): \(error.message)", underlying: error)
            }
        }
        struct Check: Sendable {
            var generation: Int, individual: Int, recorded: [Double], request: RunRequest
        }
        var checks: [Check] = []
        for generation in generations {
            for (individual, run) in generation.runIndices.enumerated() where run >= 0 {
                if generation.failed.indices.contains(individual), generation.failed[individual] { continue }
                var values: [String: PypetValue] = [:]
                for (name, range) in explored where run < range.count { values[name] = range[run] }
                let recorded = generation.fitness.indices.contains(individual) ? generation.fitness[individual] : []
                checks.append(Check(
                    generation: generation.generation, individual: individual, recorded: recorded,
                    request: RunRequest(index: run, explored: values, parameters: snapshot, seed: runSeed, usesRunSets: trajectory.length > 1000)))
            }
        }
        let differences = await BoundedTasks.map(checks, workers: BoundedTasks.workers(cores)) { check -> ReplayDifference? in
            let recomputed = (try? await fitness(RunContext(check.request, replayingPruningAt: pruned[check.request.index])).values) ?? []
            let same = check.recorded.count == recomputed.count
                && zip(check.recorded, recomputed).allSatisfy { $0 == $1 || abs($0 - $1) <= tolerance }
            return same ? nil : ReplayDifference(
                generation: check.generation, individual: check.individual, recorded: check.recorded, recomputed: recomputed)
        }
        return differences.compactMap { $0 }
    }

    /// The seed the latest environment of the trajectory recorded.
    private static func recordedSeed(_ trajectory: Trajectory) -> UInt64? {
        var latest: (time: Double, seed: UInt64)?
        guard let environments = trajectory.config.directChild("environment") as? GroupNode else { return nil }
        for case let record as GroupNode in environments.children {
            guard let seed = record.directChild("seed") as? Parameter else { continue }
            let time: Double = if case .double(let value)? = (record.directChild("timestamp") as? Parameter)?.defaultValue { value } else { 0 }
            let value: UInt64? = switch seed.defaultValue {
            case .int(let number) where number >= 0: UInt64(number)
            case .string(let text): UInt64(text)
            default: nil
            }
            if let value, latest.map({ time >= $0.time }) ?? true { latest = (time, value) }
        }
        return latest?.seed
    }

    private static func read(_ record: ResultNode) throws -> RecordedGeneration {
        func matrix(_ name: String) throws -> [[Double]] {
            guard case .array(let array) = try record.item(name), case .double(let values) = array.elements else { return [] }
            let columns = array.shape.count == 2 ? array.shape[1] : 1
            guard columns > 0 else { return Array(repeating: [], count: array.shape.first ?? 0) }
            return stride(from: 0, to: values.count, by: columns).map { Array(values[$0..<($0 + columns)]) }
        }
        let statistics: [String: PypetValue] = if case .dictionary(let entries) = try record.item("statistics") { entries } else { [:] }
        let generation: Int = if case .int(let value)? = statistics["generation"] { value } else { Int(record.name.dropFirst(4)) ?? 0 }
        let runs: [Int] = if case .array(let array) = try record.item("run_indices"), case .int(let values) = array.elements { values } else { [] }
        let failed: [Bool] = if record.itemNames.contains("failed"), case .array(let array) = try record.item("failed"),
            case .bool(let values) = array.elements { values } else { [] }
        return RecordedGeneration(
            generation: generation, population: try matrix("population"), fitness: try matrix("fitness"), runIndices: runs, failed: failed,
            statistics: statistics, hallOfFame: try matrix("hall_of_fame"), hallOfFameFitness: try matrix("hall_of_fame_fitness"))
    }

    /// Evaluates every recorded individual again with `fitness` and reports where the result differs from
    /// the record by more than `tolerance` (0: bit for bit). Failed evaluations are skipped.
    public func verify(fitness: ([Double]) throws -> Fitness, tolerance: Double = 0) rethrows -> [ReplayDifference] {
        var differences: [ReplayDifference] = []
        for generation in generations {
            for (index, genome) in generation.population.enumerated() {
                if generation.failed.indices.contains(index), generation.failed[index] { continue }
                let recorded = generation.fitness.indices.contains(index) ? generation.fitness[index] : []
                let recomputed = try fitness(genome).values
                let same = recorded.count == recomputed.count
                    && zip(recorded, recomputed).allSatisfy { $0 == $1 || abs($0 - $1) <= tolerance }
                if !same { differences.append(ReplayDifference(generation: generation.generation, individual: index, recorded: recorded, recomputed: recomputed)) }
            }
        }
        return differences
    }
}
