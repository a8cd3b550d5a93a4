import Foundation
import Pypet
import PypetAlgorithms
import PypetTestSupport
import Testing

private let plane = try! Problem(space: .box(2, lower: -2, upper: 2), objectives: [.minimize("distance")])

/// Distance to (1, 1) squared, subject to x + y <= 1: the optimum is (0.5, 0.5) with 0.5, and the
/// unconstrained optimum (1, 1) is infeasible.
@Sendable private func constrained(_ run: RunContext) async throws -> Evaluation {
    let x = try run.value("x0", as: Double.self), y = try run.value("x1", as: Double.self)
    return Evaluation(Fitness((x - 1) * (x - 1) + (y - 1) * (y - 1)), constraints: [x + y - 1])
}

private func search(_ directory: TemporaryDirectory, file: String, generations: Int) async throws -> Optimization<GeneticAlgorithm> {
    var options = optimizerOptions(directory, cores: 2)
    options.resume = true
    let env = try Environment(trajectory: "constrained", file: file, options: options)
    let optimization = Optimization(try GeneticAlgorithm(problem: plane, seed: 5, populationSize: 40), stopping: StoppingCriteria(generations: generations))
    try await optimization.run(on: env, evaluate: constrained)
    return optimization
}

@Suite("Constraints through the environment")
struct ConstrainedEnvironmentTests {
    @Test("jobs return fitness and constraint values; the search ends feasible at the constrained optimum, records them, and resumes exactly")
    func feasibleOptimum() async throws {
        let directory = try TemporaryDirectory()
        let straight = directory.file("straight.hdf5"), extended = directory.file("extended.hdf5")
        let optimization = try await search(directory, file: straight, generations: 25)
        let best = try #require(optimization.best)
        #expect(best.isFeasible, "best \(best.genome) violates x + y <= 1 by \(best.violation)")
        #expect(abs((best.fitness?.value ?? .nan) - 0.5) < 0.05, "best fitness \(best.fitness?.value ?? .nan)")

        // The file has each run's value (fitness, then constraint) and each generation's constraint values.
        let values = try TrajectoryStorage(path: straight).runValues()
        let first = try #require(values[0])
        guard case .array(let array) = first, case .double(let pair) = array.elements else {
            Issue.record("run 0 returned \(first)")
            return
        }
        #expect(pair.count == 2)
        let record = try TrajectoryStorage(path: straight).loadItems(of: "results.generations.gen_00003")
        #expect(record.contains { $0.0 == "constraints" })

        // Interrupted after 10 generations and extended to 25: the same file as the straight search.
        _ = try await search(directory, file: extended, generations: 10)
        _ = try await search(directory, file: extended, generations: 25)
        let comparison = try Python.runFile("scripts/compare_trajectories.py", arguments: [straight, extended])
        #expect(comparison.standardOutput.contains("\"equal\": true"), "\(comparison.standardOutput)")
    }

    @Test("in memory: the constrained optimum; a fitness with more values than objectives fails its run through the plain API")
    func inMemory() async throws {
        let optimization = Optimization(try GeneticAlgorithm(problem: plane, seed: 5, populationSize: 40), stopping: StoppingCriteria(generations: 25))
        let best = try optimization.run { genome -> Evaluation in
            Evaluation(Fitness((genome[0] - 1) * (genome[0] - 1) + (genome[1] - 1) * (genome[1] - 1)), constraints: [genome[0] + genome[1] - 1])
        }
        #expect(best?.isFeasible == true)
        #expect(abs((best?.fitness?.value ?? .nan) - 0.5) < 0.05)

        let directory = try TemporaryDirectory()
        let env = try Environment(trajectory: "plain", file: directory.file("plain.hdf5"), options: optimizerOptions(directory))
        let plain = Optimization(try GeneticAlgorithm(problem: plane, seed: 5, populationSize: 6), stopping: StoppingCriteria(generations: 1))
        try await plain.run(on: env) { _ in Fitness([1, 2]) }
        #expect(plain.optimizer.population.allSatisfy { $0.failure?.contains("2 values for 1 objectives") == true })
    }
}
