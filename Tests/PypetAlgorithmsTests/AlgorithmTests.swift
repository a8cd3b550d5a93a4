import Foundation
import Pypet
import PypetAlgorithms
import PypetTestSupport
import Testing

@Suite("Algorithms")
struct AlgorithmTests {
    let sphere4 = try! Problem(space: .box(4, lower: -5, upper: 5), objectives: [.minimize("f")])

    @Test("NSGA-II on ZDT1 (30 variables, population 100, 250 generations) reaches hypervolume >= 0.86")
    func nsga2ZDT1() throws {
        let problem = try Problem(space: .box(30, lower: 0, upper: 1), objectives: [.minimize("f1"), .minimize("f2")])
        let optimization = Optimization(try NSGA2(problem: problem, seed: 1, populationSize: 100), stopping: StoppingCriteria(generations: 250))
        try optimization.run { Fitness(Benchmarks.zdt1($0)) }
        let front = optimization.optimizer.population.compactMap { $0.fitness?.values }
        let volume = Benchmarks.hypervolume2D(front, reference: [1.1, 1.1])
        #expect(volume >= 0.86, "hypervolume \(volume)")
        #expect(optimization.paretoFront.members.count >= 50)
        print("NSGA-II ZDT1 hypervolume:", volume)
    }

    @Test("the (1+1)-ES, the self-adaptive (mu,lambda)-ES, the cross-entropy method and annealing minimize the sphere")
    func singleObjectiveStrategies() throws {
        let optimizers: [(String, any Optimizer, Double)] = [
            ("1+1", try EvolutionStrategy(problem: sphere4, seed: 1), 1e-6),
            ("mu,lambda", try EvolutionStrategy(problem: sphere4, seed: 1, strategy: .muCommaLambda(mu: 5, lambda: 30)), 1e-3),
            ("cross-entropy", try CrossEntropyMethod(problem: sphere4, seed: 1), 1e-6),
            ("annealing", try SimulatedAnnealing(problem: sphere4, seed: 1, initialTemperature: 1, cooling: 0.99, step: 0.05, neighbors: 4), 0.05),
        ]
        for (label, optimizer, threshold) in optimizers {
            let best = try minimize(optimizer, evaluations: 6000)
            #expect(best < threshold, "\(label): \(best)")
            print(label, "sphere best:", best)
        }
    }

    private func minimize(_ optimizer: some Optimizer, evaluations: Int) throws -> Double {
        let optimization = Optimization(optimizer, stopping: StoppingCriteria(evaluations: evaluations))
        return try optimization.run { Fitness(Benchmarks.sphere($0)) }?.fitness?.value ?? .infinity
    }

    @Test("grid search visits every grid point once, first dimension slowest, then finishes")
    func gridSearch() throws {
        let space = try ParameterSpace([
            .continuous("a", lower: 0, upper: 1), .integer("b", lower: 1, upper: 3), .categorical("c", values: ["x", "y"]),
        ])
        let problem = try Problem(space: space, objectives: [.maximize("score")])
        let grid = try GridSearch(problem: problem, levels: 3, batchSize: 7)
        #expect(grid.points.count == 18)
        #expect(grid.points.first == [0, 1, 0] && grid.points[1] == [0, 1, 1] && grid.points.last == [1, 3, 1])
        var seen: [[Double]] = []
        let optimization = Optimization(grid, stopping: StoppingCriteria())
        try optimization.run { genome in
            seen.append(genome)
            return Fitness(genome[0] + genome[1])
        }
        #expect(seen == grid.points)
        #expect(optimization.optimizer.isFinished)
        #expect(optimization.best?.genome.prefix(2) == [1, 3])
        expectError(.invalidConfiguration, as: AlgorithmError.self) { try GridSearch(problem: problem, levels: 10, maximumPoints: 10) }
    }

    @Test("random search is reproducible from the seed and keeps discrete values whole")
    func randomSearch() throws {
        let space = try ParameterSpace([.integer("n", lower: 0, upper: 9), .continuous("x", lower: -1, upper: 1)])
        let problem = try Problem(space: space)
        var first = try RandomSearch(problem: problem, seed: 4, batchSize: 20)
        var second = try RandomSearch(problem: problem, seed: 4, batchSize: 20)
        let a = try first.ask(), b = try second.ask()
        #expect(a == b)
        #expect(a.allSatisfy { $0.genome[0] == $0.genome[0].rounded() && (0...9).contains($0.genome[0]) })
        #expect(space.values(of: a[0].genome)[0] == .int(Int(a[0].genome[0])))
    }

    @Test("ask/tell misuse and invalid configurations are typed errors")
    func misuse() throws {
        var ga = try GeneticAlgorithm(problem: sphere4, seed: 1, populationSize: 10)
        expectError(.protocolViolation, as: AlgorithmError.self) { try ga.tell([]) }
        var batch = try ga.ask()
        expectError(.protocolViolation, as: AlgorithmError.self) { try ga.ask() }
        expectError(.evaluationMismatch, as: AlgorithmError.self) { try ga.tell(Array(batch.dropLast())) }
        expectError(.evaluationMismatch, as: AlgorithmError.self) { try ga.tell(batch) }  // no fitness
        for index in batch.indices { batch[index].assign(Fitness([1, 2]), objectives: sphere4.objectives) }
        expectError(.evaluationMismatch, as: AlgorithmError.self) { try ga.tell(batch) }  // two values, one objective
        for index in batch.indices { batch[index].assign(Fitness(1), objectives: sphere4.objectives) }
        try ga.tell(batch)
        #expect(ga.generation == 1)

        expectError(.invalidConfiguration, as: AlgorithmError.self) { try ParameterSpace([]) }
        expectError(.invalidConfiguration, as: AlgorithmError.self) { try ParameterSpace([.continuous("x", lower: 1, upper: 1)]) }
        expectError(.invalidConfiguration, as: AlgorithmError.self) {
            try ParameterSpace([.continuous("x", lower: 0, upper: 1), .integer("x", lower: 0, upper: 1)])
        }
        expectError(.invalidConfiguration, as: AlgorithmError.self) { try ParameterSpace([.categorical("c", values: [])]) }
        expectError(.invalidConfiguration, as: AlgorithmError.self) { try ParameterSpace([.categorical("c", values: [1, "a"])]) }
        expectError(.invalidConfiguration, as: AlgorithmError.self) { try ParameterSpace([.continuous("bad name", lower: 0, upper: 1)]) }
        expectError(.invalidConfiguration, as: AlgorithmError.self) { try Problem(space: sphere4.space, objectives: []) }
        expectError(.invalidConfiguration, as: AlgorithmError.self) { try GeneticAlgorithm(problem: sphere4, seed: 1, populationSize: 1) }
        expectError(.invalidConfiguration, as: AlgorithmError.self) {
            try GeneticAlgorithm(problem: sphere4, seed: 1, variant: .muCommaLambda, populationSize: 10, offspringSize: 5)
        }
        expectError(.invalidConfiguration, as: AlgorithmError.self) { try CMAES(problem: try Problem(space: sphere4.space, objectives: [.minimize("a"), .minimize("b")]), seed: 1) }
        expectError(.invalidConfiguration, as: AlgorithmError.self) { try NSGA2(problem: sphere4, seed: 1, populationSize: 7) }
    }

    @Test("stopping criteria: evaluation budget, target and stagnation")
    func stopping() throws {
        let budget = Optimization(try RandomSearch(problem: sphere4, seed: 1, batchSize: 30), stopping: StoppingCriteria(evaluations: 100))
        try budget.run { Fitness(Benchmarks.sphere($0)) }
        #expect(budget.evaluations == 120)
        let target = Optimization(try CMAES(problem: sphere4, seed: 1), stopping: StoppingCriteria(generations: 1000, target: 1e-3))
        let best = try target.run { Fitness(Benchmarks.sphere($0)) }
        #expect((best?.fitness?.value ?? 1) <= 1e-3)
        #expect(target.optimizer.generation < 1000)
        let flat = Optimization(try RandomSearch(problem: sphere4, seed: 1, batchSize: 5), stopping: StoppingCriteria(generations: 1000, stagnation: 4))
        try flat.run { _ in Fitness(1) }
        #expect(flat.optimizer.generation == 5)
    }

    @Test("a throwing fitness marks the individual failed with the worst fitness; the search goes on")
    func failingFitness() throws {
        struct Broken: Error {}
        let optimization = Optimization(try GeneticAlgorithm(problem: sphere4, seed: 2, populationSize: 20), stopping: StoppingCriteria(generations: 5))
        var failures = 0
        optimization.onGeneration = { record in failures += record.evaluated.filter { $0.failure != nil }.count }
        try optimization.run { genome in
            if genome[0] > 3 { throw Broken() }
            return Fitness(Benchmarks.sphere(genome))
        }
        #expect(failures > 0)
        #expect(optimization.logbook.entries.reduce(0) { $0 + $1.failures } == failures)
        #expect((optimization.best?.genome[0] ?? 5) <= 3)
        #expect(optimization.best?.failure == nil)
    }

    @Test("bound handling: clip, reflect, penalty and resample keep evaluated points inside the bounds")
    func boundHandling() throws {
        for bounds in [BoundHandling.clip, .reflect, .penalty(10), .resample(5)] {
            let problem = try Problem(space: .box(3, lower: -1, upper: 1), objectives: [.minimize("f")], bounds: bounds)
            let optimization = Optimization(
                try EvolutionStrategy(problem: problem, seed: 3, strategy: .muCommaLambda(mu: 3, lambda: 12), initialStep: 3),
                stopping: StoppingCriteria(generations: 10))
            var outside = 0
            try optimization.run { genome in
                if !problem.space.contains(genome) { outside += 1 }
                return Fitness(Benchmarks.sphere(genome.map { $0 - 2 }))
            }
            #expect(outside == 0, "\(bounds)")
        }
        let space = try ParameterSpace.box(1, lower: 0, upper: 1)
        var genome = [1.3]
        space.repair(&genome, reflect: true)
        #expect(abs(genome[0] - 0.7) < 1e-12)
        genome = [-2.25]
        space.repair(&genome, reflect: true)
        #expect(abs(genome[0] - 0.25) < 1e-12)
    }
}
