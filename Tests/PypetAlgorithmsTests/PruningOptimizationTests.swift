import Foundation
import Pypet
import PypetAlgorithms
import PypetTestSupport
import Testing

private let space3 = try? Problem(space: .box(3, lower: -4, upper: 4), objectives: [.minimize("f")])

/// A "training" of the sphere: the loss after `step` of 9 steps approaches the sphere value, with noise
/// from the run's stream; it reports every step and stops when the pruner says so.
@Sendable private func training(_ run: RunContext) async throws -> Fitness {
    let f = try (0..<3).map { try run.value("x\($0)", as: Double.self) }.reduce(0) { $0 + $1 * $1 }
    let random = try run.random
    var loss = 0.0
    for step in 1...9 {
        loss = f * (1 + 4 / Double(step)) + 0.05 * random.uniform()
        if try run.report(step: step, value: loss) { break }
    }
    return Fitness(loss)
}

@discardableResult
private func prunedSearch(_ directory: TemporaryDirectory, file: String, cores: Int, generations: Int) async throws -> Optimization<GeneticAlgorithm> {
    var options = optimizerOptions(directory, cores: cores)
    options.resume = true
    options.pruning = Pruning(.successiveHalving(minimumStep: 1, reductionFactor: 3))
    let env = try Environment(trajectory: "pruned", file: file, options: options)
    let problem = try #require(space3)
    let optimization = Optimization(try GeneticAlgorithm(problem: problem, seed: 5, populationSize: 12), stopping: StoppingCriteria(generations: generations))
    try await optimization.run(on: env, fitness: training)
    return optimization
}

@Suite("Pruning inside an optimization")
struct PruningOptimizationTests {
    @Test("Synchronous successive halving: the same file on 1 and 2 cores, and when extended after 3 generations")
    func deterministicFiles() async throws {
        let directory = try TemporaryDirectory()
        let one = directory.file("one.hdf5"), two = directory.file("two.hdf5"), extended = directory.file("extended.hdf5")
        let first = try await prunedSearch(directory, file: one, cores: 1, generations: 6)
        try await prunedSearch(directory, file: two, cores: 2, generations: 6)
        try await prunedSearch(directory, file: extended, cores: 2, generations: 3)
        let more = try await prunedSearch(directory, file: extended, cores: 1, generations: 6)
        #expect(more.resumption == .resumed(afterGeneration: 2, reusedRuns: 0))
        #expect(first.best != nil)

        let loaded = try TrajectoryStorage(path: one).load().trajectory
        let pruned = loaded.runStatuses.filter(\.pruned)
        #expect(!pruned.isEmpty, "later generations are pruned")
        #expect(pruned.allSatisfy { $0.index >= 12 && $0.completed }, "the first generation has nothing to be compared with")
        for other in [two, extended] {
            let comparison = try Python.runFile("scripts/compare_trajectories.py", arguments: [one, other])
            #expect(comparison.standardOutput.contains("\"equal\": true"), "\(comparison.standardOutput)")
        }
    }
}
