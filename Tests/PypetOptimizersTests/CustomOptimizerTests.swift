import Foundation
import GSLRandom
import PypetCore
import PypetOptimizers
import Testing

/// The custom optimizer of the DocC article "Writing an optimizer", verbatim, so the example compiles.
struct OnePlusOne: Optimizer {
    let problem: Problem
    let seed: UInt64
    var generation = 0, step = 1.0, parent: Individual?, population: [Individual] = []
    var pendingIndividuals: [Individual]?, randomState: RandomStreamState?
    var name: String { "one-plus-one" }
    var isFinished: Bool { step < 1e-12 }
    var configuration: [String: PypetValue] { ["seed": .string(String(seed))] }
    var state: [String: PypetValue] { ["step": .double(step)] }

    mutating func ask() throws(AlgorithmError) -> [Individual] {
        guard let random = try? RandomStream(seed: seed, keys: [UInt64(generation)]) else {
            throw AlgorithmError(code: .random, message: "no stream for generation \(generation)")
        }
        var x = parent?.genome.map { $0 + step * random.gaussian() } ?? problem.space.sample(random)
        problem.space.repair(&x)
        pendingIndividuals = [Individual(genome: x)]
        randomState = random.state
        return pendingIndividuals ?? []
    }

    mutating func tell(_ evaluated: [Individual]) throws(AlgorithmError) {
        guard let asked = pendingIndividuals, evaluated.map(\.genome) == asked.map(\.genome), let child = evaluated.first else {
            throw AlgorithmError(code: .evaluationMismatch, message: "tell() must answer the last ask()")
        }
        let success = parent.map { child.isBetter(than: $0) } ?? true
        if success { parent = child }
        step *= success ? 1.5 : pow(1.5, -0.25)   // one-fifth success rule
        population = evaluated
        pendingIndividuals = nil
        generation += 1
    }
}

@Suite("Custom optimizer (the DocC example)")
struct CustomOptimizerTests {
    @Test("the article's (1+1)-ES minimizes the sphere told by values and continues exactly after JSON")
    func example() throws {
        var es = OnePlusOne(problem: try Problem(space: .box(3, lower: -5, upper: 5)), seed: 1)
        while !es.isFinished && es.generation < 2_000 {
            let batch = try es.ask()
            try es.tell(batch.map { Fitness($0.genome.reduce(0) { $0 + $1 * $1 }) })
        }
        #expect((es.parent?.fitness?.value ?? .infinity) < 1e-10)
        let copy = try JSONDecoder().decode(OnePlusOne.self, from: try JSONEncoder().encode(es))
        #expect(copy.parent == es.parent && copy.step == es.step && copy.generation == es.generation)
    }
}
