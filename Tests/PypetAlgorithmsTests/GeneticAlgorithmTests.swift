import Foundation
import Pypet
import PypetAlgorithms
import PypetTestSupport
import Testing

@Suite("Genetic algorithm")
struct GeneticAlgorithmTests {
    let rastrigin = try! Problem(space: .box(10, lower: -5.12, upper: 5.12), objectives: [.minimize("f")])

    @Test("eaSimple on 10-D Rastrigin (DEAP's setting) improves and is reproducible from the seed")
    func simpleRastrigin() throws {
        func optimize(seed: UInt64) throws -> Optimization<GeneticAlgorithm> {
            let ga = try GeneticAlgorithm(problem: rastrigin, seed: seed, populationSize: 100)
            let optimization = Optimization(ga, stopping: StoppingCriteria(generations: 100))
            try optimization.run { Fitness(Benchmarks.rastrigin($0)) }
            return optimization
        }
        let first = try optimize(seed: 1)
        let again = try optimize(seed: 1)
        let other = try optimize(seed: 2)
        #expect(first.logbook == again.logbook)
        #expect(first.best == again.best)
        #expect(first.logbook != other.logbook)
        let best = try #require(first.best?.fitness?.value)
        #expect(best < 10, "best \(best)")
        #expect(first.logbook.entries.count == 100)
        #expect(first.logbook.column(\.minimum).first ?? 0 > best)
        print("eaSimple Rastrigin best:", best, "evaluations:", first.evaluations)
    }
}
