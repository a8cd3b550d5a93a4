import Foundation
import Pypet
import PypetAlgorithms
import PypetTestSupport
import Testing

func optimizerOptions(_ directory: TemporaryDirectory, cores: Int = 1) -> EnvironmentOptions {
    var options = EnvironmentOptions()
    options.cores = cores
    options.progress = .none
    options.logLevel = .critical
    options.logFolder = directory.file("logs")
    return options
}

@Suite("Optimization through an environment")
struct OptimizationEnvironmentTests {
    let problem = try! Problem(space: .box(4, lower: -5.12, upper: 5.12), objectives: [.minimize("f")])

    @Test("a GA drives the environment: every generation expands the trajectory and is recorded in the file")
    func gaThroughEnvironment() async throws {
        let directory = try TemporaryDirectory()
        let file = directory.file("ga.hdf5")
        let env = try Environment(trajectory: "ga", file: file, options: optimizerOptions(directory))
        let ga = try GeneticAlgorithm(problem: problem, seed: 3, populationSize: 20)
        let optimization = Optimization(ga, stopping: StoppingCriteria(generations: 5))
        let best = try await optimization.run(on: env) { run in
            Fitness(Benchmarks.rastrigin(try (0..<4).map { try run.value("x\($0)", as: Double.self) }))
        }
        let value = try #require(best?.fitness?.value)
        #expect(value.isFinite)
        #expect(optimization.logbook.entries.count == 5)
        #expect(env.trajectory.length == optimization.evaluations)
        let loaded = try TrajectoryStorage(path: file).load().trajectory
        #expect(loaded.length == optimization.evaluations)
        for generation in 0..<5 {
            let record = try loaded.result(String(format: "results.generations.gen_%05d", generation))
            guard case .array(let array) = try record.item("population") else { Issue.record("no population array"); continue }
            #expect(array.shape == [optimization.logbook.entries[generation].evaluations, 4])
            guard case .dictionary(let statistics) = try record.item("statistics") else { Issue.record("no statistics"); continue }
            #expect(statistics["min_f"] == .double(optimization.logbook.entries[generation].minimum[0]))
            #expect(try record.item("rng_algorithm") == .string("mt19937"))
            #expect(record.itemNames.contains("state_population"))
        }
    }
}

@Suite("Optimization determinism and mixed spaces")
struct OptimizationDeterminismTests {
    @Test("the same seed gives identical generations, best individual and file data on 1 and 2 cores")
    func coresDoNotMatter() async throws {
        let directory = try TemporaryDirectory()
        let problem = try Problem(space: .box(3, lower: -2, upper: 2), objectives: [.minimize("f")])
        var logbooks: [Logbook] = []
        var bests: [Individual?] = []
        var generations: [[String]] = []
        for cores in [1, 2] {
            let file = directory.file("cores\(cores).hdf5")
            let env = try Environment(trajectory: "det", file: file, options: optimizerOptions(directory, cores: cores))
            let optimization = Optimization(try CMAES(problem: problem, seed: 5), stopping: StoppingCriteria(generations: 6))
            try await optimization.run(on: env) { run in
                let x = try (0..<3).map { try run.value("x\($0)", as: Double.self) }
                // Uneven run times shuffle the finishing order on two cores.
                try await Task.sleep(for: .microseconds((run.index * 37) % 7 * 200))
                return Fitness(Benchmarks.rosenbrock(x))
            }
            logbooks.append(optimization.logbook)
            bests.append(optimization.best)
            let loaded = try TrajectoryStorage(path: file).load().trajectory
            generations.append(try (0..<6).map { generation in
                let record = try loaded.result(String(format: "results.generations.gen_%05d", generation))
                return try ["population", "fitness", "run_indices", "state_mean", "state_covariance", "rng_state"]
                    .map { "\(try record.item($0))" }.joined(separator: "|")
            })
        }
        #expect(logbooks[0] == logbooks[1])
        #expect(bests[0] == bests[1])
        #expect(generations[0] == generations[1])
    }

    @Test("integer and categorical dimensions reach the runs as Int and category values; failing runs are recorded")
    func mixedSpace() async throws {
        struct Unlucky: Error {}
        let directory = try TemporaryDirectory()
        let space = try ParameterSpace([
            .integer("layers", lower: 1, upper: 4), .categorical("activation", values: ["relu", "tanh", "sigmoid"]),
            .continuous("rate", lower: 0.001, upper: 0.1),
        ])
        let problem = try Problem(space: space, objectives: [.minimize("loss")])
        let env = try Environment(trajectory: "mixed", file: directory.file("mixed.hdf5"), options: optimizerOptions(directory))
        let optimization = Optimization(try RandomSearch(problem: problem, seed: 8, batchSize: 12), stopping: StoppingCriteria(generations: 3))
        try await optimization.run(on: env) { run in
            let layers = try run.layers.value(as: Int.self)
            let activation = try run.activation.value(as: String.self)
            let rate = try run.rate.value(as: Double.self)
            if activation == "sigmoid" && layers == 4 { throw Unlucky() }
            return Fitness(Double(layers) * rate + (activation == "relu" ? 0 : 1))
        }
        let loaded = try TrajectoryStorage(path: directory.file("mixed.hdf5")).load().trajectory
        #expect(try loaded.parameter("layers").range.allSatisfy { if case .int = $0 { true } else { false } })
        #expect(try Set(loaded.parameter("activation").range).isSubset(of: ["relu", "tanh", "sigmoid"]))
        let failed = optimization.logbook.entries.reduce(0) { $0 + $1.failures }
        #expect(failed == loaded.runInformation.filter { $0.failure != nil }.count)
        #expect(optimization.best?.failure == nil)
        #expect(optimization.evaluations == 36)
    }
}

@Suite("Optimizer documentation example")
struct OptimizerDocumentationTests {
    @Test("the README's optimizer example runs as written")
    func readmeOptimizer() async throws {
        let directory = try TemporaryDirectory()
        let problem = try Problem(space: .box(10, lower: -5.12, upper: 5.12), objectives: [.minimize("f")])
        let env = try Environment(trajectory: "rastrigin", file: directory.file("rastrigin.hdf5"), options: optimizerOptions(directory))
        let ga = try GeneticAlgorithm(problem: problem, seed: 7, crossoverProbability: 0.5, mutationProbability: 0.2)
        let optimization = Optimization(ga, stopping: StoppingCriteria(generations: 10))
        let best = try await optimization.run(on: env) { run in
            let x = try (0..<10).map { try run.value("x\($0)", as: Double.self) }
            return Fitness(10 * 10 + x.reduce(0) { $0 + $1 * $1 - 10 * cos(2 * .pi * $1) })
        }
        #expect(optimization.logbook.table.split(separator: "\n").count == 11)
        #expect(best?.genome.count == 10)
        #expect(abs((best?.fitness?.value ?? 0) - Benchmarks.rastrigin(best?.genome ?? [])) < 1e-9)
    }
}
