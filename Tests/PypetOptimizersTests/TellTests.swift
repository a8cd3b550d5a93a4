import Foundation
import PypetOptimizers
import Testing

@Suite("Ask/tell ergonomics")
struct TellTests {
    @Test("tell by values in ask order equals assigning each fitness and telling the individuals")
    func valuesEqualAssign() throws {
        let problem = try Problem(space: .box(4, lower: -5, upper: 5))
        var byAssign = try GeneticAlgorithm(problem: problem, seed: 8)
        var byValues = byAssign
        for _ in 0..<15 {
            var batch = try byAssign.ask()
            for index in batch.indices { batch[index].assign(Fitness(TestFunctions.rastrigin(batch[index].genome)), objectives: problem.objectives) }
            try byAssign.tell(batch)
            let asked = try byValues.ask()
            #expect(byValues.pendingIndividuals == asked)
            try byValues.tell(asked.map { Fitness(TestFunctions.rastrigin($0.genome)) })
        }
        #expect(byAssign.population == byValues.population)
        #expect(byAssign.state == byValues.state)
    }

    @Test("partial tell marks the rest failed; wrong counts and a tell without ask are typed errors")
    func partial() throws {
        let problem = try Problem(space: .box(2, lower: 0, upper: 1))
        var cmaes = try CMAES(problem: problem, seed: 1)
        #expect(throws: AlgorithmError.self) { try cmaes.tell([Fitness(1)]) }
        let batch = try cmaes.ask()
        #expect(throws: AlgorithmError.self) { try cmaes.tell([Fitness(1)]) }
        #expect(throws: AlgorithmError.self) { try cmaes.tell(partial: Array(repeating: Fitness(1), count: batch.count + 1)) }
        #expect(throws: AlgorithmError.self) { try cmaes.tell(partial: [Fitness([1, 2])]) }
        try cmaes.tell(partial: [Fitness(0.5), Fitness(0.25)], failure: "cut short")
        #expect(cmaes.population.prefix(2).allSatisfy { $0.failure == nil })
        #expect(cmaes.population.dropFirst(2).allSatisfy { $0.failure == "cut short" && $0.fitness?.value == .infinity })
    }
}
