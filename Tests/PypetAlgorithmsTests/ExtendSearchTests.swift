import Foundation
import Pypet
import PypetAlgorithms
import PypetTestSupport
import Testing

private let sphere3 = try! Problem(space: .box(3, lower: -4, upper: 4), objectives: [.minimize("f")])

@Sendable private func sphere(_ run: RunContext) async throws -> Fitness {
    Fitness(try (0..<3).map { try run.value("x\($0)", as: Double.self) }.reduce(0) { $0 + $1 * $1 } + 0.01 * run.random.uniform())
}

/// A GA search on `file` with `stopping`, continuing what the file holds.
@discardableResult
private func search(_ directory: TemporaryDirectory, file: String, stopping: StoppingCriteria) async throws -> Optimization<GeneticAlgorithm> {
    var options = optimizerOptions(directory, cores: 2)
    options.resume = true
    let env = try Environment(trajectory: "extend", file: file, options: options)
    let optimization = Optimization(try GeneticAlgorithm(problem: sphere3, seed: 21, populationSize: 14), stopping: stopping)
    try await optimization.run(on: env, fitness: sphere)
    return optimization
}

@Suite("Extending a finished search")
struct ExtendSearchTests {
    @Test("a finished search resumed with more generations (or evaluations) equals one started with them")
    func raisedLimits() async throws {
        let directory = try TemporaryDirectory()
        let straight = directory.file("straight.hdf5"), extended = directory.file("extended.hdf5")
        try await search(directory, file: straight, stopping: StoppingCriteria(generations: 8))
        let first = try await search(directory, file: extended, stopping: StoppingCriteria(generations: 4))
        #expect(first.resumption == .started)
        let again = try await search(directory, file: extended, stopping: StoppingCriteria(generations: 4))
        #expect(again.resumption == .alreadyFinished)
        let more = try await search(directory, file: extended, stopping: StoppingCriteria(generations: 8))
        #expect(more.resumption == .resumed(afterGeneration: 3, reusedRuns: 0))
        let comparison = try Python.runFile("scripts/compare_trajectories.py", arguments: [straight, extended])
        #expect(comparison.standardOutput.contains("\"equal\": true"), "\(comparison.standardOutput)")
        #expect(try OptimizationStatus.read(file: extended).generationsSealed == 8)

        let byEvaluations = directory.file("evaluations.hdf5")
        try await search(directory, file: byEvaluations, stopping: StoppingCriteria(evaluations: 40))
        let grown = try await search(directory, file: byEvaluations, stopping: StoppingCriteria(generations: 8))
        #expect(grown.optimizer.generation == 8)
        let same = try Python.runFile("scripts/compare_trajectories.py", arguments: [straight, byEvaluations])
        #expect(same.standardOutput.contains("\"equal\": true"), "\(same.standardOutput)")
    }

    @Test("a wall-clock limit stops a search between generations")
    func wallClock() async throws {
        let optimization = Optimization(try GeneticAlgorithm(problem: sphere3, seed: 3, populationSize: 8), stopping: StoppingCriteria(generations: 1000, seconds: 0.3))
        let started = ContinuousClock.now
        try await optimization.run(cores: 2) { genome in
            try await Task.sleep(for: .milliseconds(5))
            return Fitness(genome.reduce(0) { $0 + $1 * $1 })
        }
        // Stopped by the clock (the limit passed), long before the generation limit.
        #expect(optimization.optimizer.generation < 1000 && optimization.optimizer.generation >= 1)
        #expect(ContinuousClock.now - started >= .seconds(0.3))
    }
}

@Suite("Limits below what a search spent")
struct SpentLimitTests {
    @Test("resuming with fewer generations or a smaller evaluation budget than spent is a typed error; the same limits are not")
    func limitsBelowSpent() async throws {
        let directory = try TemporaryDirectory()
        let file = directory.file("spent.hdf5")
        try await search(directory, file: file, stopping: StoppingCriteria(generations: 4))
        await expectError(AlgorithmError.Code.invalidConfiguration, as: AlgorithmError.self) {
            try await search(directory, file: file, stopping: StoppingCriteria(generations: 2))
        }
        // 4 generations of up to 14 evaluations (about 50): a budget of 50 was crossed by the last generation (fine), 40 was not.
        let same = try await search(directory, file: file, stopping: StoppingCriteria(evaluations: 50))
        #expect(same.resumption == .alreadyFinished)
        let error = await expectError(AlgorithmError.Code.invalidConfiguration, as: AlgorithmError.self) {
            try await search(directory, file: file, stopping: StoppingCriteria(evaluations: 40))
        }
        #expect(error?.message.contains("more than the budget of 40") == true)
    }
}
