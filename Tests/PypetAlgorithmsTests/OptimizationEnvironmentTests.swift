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
