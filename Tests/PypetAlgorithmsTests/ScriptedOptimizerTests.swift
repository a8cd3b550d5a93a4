import Foundation
import Pypet
import PypetAlgorithms
import PypetTestSupport
import Testing

/// An optimizer written against the public protocol whose generations ask exactly `sizes` individuals
/// (points on a line), so a test can shape a search: here, a last generation that asks nobody.
private struct ScriptedOptimizer: Optimizer {
    let problem: Problem
    let sizes: [Int]
    private(set) var generation = 0
    private(set) var population: [Individual] = []
    private var asked: [Individual]?

    init(problem: Problem, sizes: [Int]) {
        self.problem = problem
        self.sizes = sizes
    }

    var name: String { "scripted" }
    var configuration: [String: PypetValue] { ["sizes": .list(sizes.map { .int($0) })] }
    var isFinished: Bool { generation >= sizes.count }
    var state: [String: PypetValue] { ["generation": .int(generation)] }
    var randomState: RandomStreamState? { nil }

    mutating func ask() throws(AlgorithmError) -> [Individual] {
        guard asked == nil else { throw AlgorithmError(code: .protocolViolation, message: "ask() again before tell()", generation: generation) }
        let size = generation < sizes.count ? sizes[generation] : 0
        let batch = (0..<size).map { Individual(genome: [Double(generation) + Double($0) / 10]) }
        asked = batch
        return batch
    }

    mutating func tell(_ evaluated: [Individual]) throws(AlgorithmError) {
        guard let asked else { throw AlgorithmError(code: .protocolViolation, message: "tell() without ask()", generation: generation) }
        guard evaluated.map(\.genome) == asked.map(\.genome) else {
            throw AlgorithmError(code: .evaluationMismatch, message: "not the asked individuals", generation: generation)
        }
        population = evaluated
        self.asked = nil
        generation += 1
    }
}

@Suite("Optimization driver edge cases")
struct ScriptedOptimizerTests {
    @Test("a search that added runs and ends with an empty generation is told once per generation")
    func emptyLastGeneration() async throws {
        let directory = try TemporaryDirectory()
        let problem = try Problem(space: .box(1, lower: -10, upper: 10), objectives: [.minimize("f")])
        let optimization = Optimization(ScriptedOptimizer(problem: problem, sizes: [3, 2, 0]), stopping: StoppingCriteria(generations: 3))
        let env = try Environment(trajectory: "scripted", file: directory.file("scripted.hdf5"), options: optimizerOptions(directory))
        try await optimization.run(on: env) { run in Fitness(abs(try run.value("x0", as: Double.self))) }
        #expect(optimization.optimizer.generation == 3)
        #expect(optimization.evaluations == 5)
        #expect(optimization.logbook.entries.map(\.evaluations) == [3, 2, 0])
        #expect(try OptimizationStatus.read(file: directory.file("scripted.hdf5")).finished)
    }
}
