import Foundation
import Pypet
import PypetAlgorithms
import PypetTestSupport
import Testing

private func mixedProblem() throws -> Problem {
    try Problem(space: try ParameterSpace([
        .continuous("rate", lower: 0, upper: 1), .integer("units", lower: 1, upper: 9),
        .categorical("activation", values: ["relu", "tanh"]),
    ]), objectives: [.minimize("loss")])
}

@Sendable private func loss(_ run: RunContext) async throws -> Fitness {
    let rate = try run.value("rate", as: Double.self), units = try run.value("units", as: Int.self)
    let penalty = try run.value("activation", as: String.self) == "tanh" ? 0 : 0.5
    return Fitness(abs(rate - 0.3) + Double(units) / 10 + penalty)
}

@Suite("Warm start: a new search's first generation from given points or another file's best")
struct WarmStartTests {
    @Test("the first generation evaluates the given points first; TPE and random search take them too")
    func givenPoints() async throws {
        let directory = try TemporaryDirectory()
        let file = directory.file("warm.hdf5")
        let env = try Environment(trajectory: "warm", file: file, options: optimizerOptions(directory))
        let optimization = Optimization(try GeneticAlgorithm(problem: try mixedProblem(), seed: 4, populationSize: 6), stopping: StoppingCriteria(generations: 3))
        try optimization.warmStart([
            ["rate": .double(0.3), "units": .int(1), "activation": "tanh"],
            ["rate": .int(1), "units": .int(9), "activation": "relu"],
        ])
        try await optimization.run(on: env, fitness: loss)
        let trajectory = env.trajectory
        #expect(try Array(trajectory.parameter("rate").range.prefix(2)) == [.double(0.3), .double(1)])
        #expect(try Array(trajectory.parameter("units").range.prefix(2)) == [.int(1), .int(9)])
        #expect(try Array(trajectory.parameter("activation").range.prefix(2)) == ["tanh", "relu"])
        // The given best point is the search's best so far (nothing beats 0.1 on this grid of units).
        #expect(abs((optimization.best?.fitness?.firstValue ?? 1) - 0.1) < 1e-12)

        for var optimizer in [try TPE(problem: try mixedProblem(), seed: 1, batchSize: 4) as any Optimizer,
                              try RandomSearch(problem: try mixedProblem(), seed: 1, batchSize: 4)] {
            _ = try optimizer.ask()
            try optimizer.replacePending(with: [[0.3, 1, 1]])
            #expect(optimizer.pendingIndividuals?.first?.genome == [0.3, 1, 1])
        }
    }

    @Test("another file's best individuals start a new search")
    func fromFile() async throws {
        let directory = try TemporaryDirectory()
        let earlier = directory.file("earlier.hdf5"), later = directory.file("later.hdf5")
        let first = Optimization(try GeneticAlgorithm(problem: try mixedProblem(), seed: 8, populationSize: 6), stopping: StoppingCriteria(generations: 3))
        try await first.run(on: try Environment(trajectory: "earlier", file: earlier, options: optimizerOptions(directory)), fitness: loss)
        let best = try #require(first.best)

        let second = Optimization(try GeneticAlgorithm(problem: try mixedProblem(), seed: 9, populationSize: 6), stopping: StoppingCriteria(generations: 1))
        try second.warmStart(fromFile: earlier, best: 2)
        let env = try Environment(trajectory: "later", file: later, options: optimizerOptions(directory))
        try await second.run(on: env, fitness: loss)
        let values = try #require(second.problem.space.values(of: best.genome) as [PypetValue]?)
        #expect(try env.trajectory.parameter("rate").range[0] == values[0])
        #expect(try env.trajectory.parameter("units").range[0] == values[1])
        #expect(try env.trajectory.parameter("activation").range[0] == values[2])
    }

    @Test("CMA-ES takes given points: evaluated first as given, the mean moves towards a good one by a bounded step")
    func cmaesInjection() throws {
        let problem = try Problem(space: .box(4, lower: -5, upper: 5), objectives: [.minimize("f")])
        let sphere = { (x: [Double]) in x.reduce(0) { $0 + ($1 - 4) * ($1 - 4) } }
        let optimization = Optimization(try CMAES(problem: problem, seed: 3, start: [-3, -3, -3, -3], initialSigma: 0.02), stopping: StoppingCriteria(generations: 1))
        try optimization.warmStart([["x0": .double(4), "x1": .double(4), "x2": .double(4), "x3": .double(4)]])
        var evaluated: [[Double]] = []
        try optimization.run { genome in
            evaluated.append(genome)
            return Fitness(sphere(genome))
        }
        #expect(evaluated.first == [4, 4, 4, 4])
        #expect(optimization.best?.genome == [4, 4, 4, 4])
        let cmaes = optimization.optimizer
        // The best (given) point's step is cut to √n + 2n/(n + 2) standard deviations: the mean moves towards
        // it, but by far less than the distance of 7 per coordinate.
        let moved = cmaes.meanInBounds.map { $0 + 3 }
        let length = moved.reduce(0) { $0 + $1 * $1 }.squareRoot()
        #expect(moved.reduce(0, +) > 0 && length < 1, "mean \(cmaes.meanInBounds)")
        #expect(cmaes.covariance.allSatisfy(\.isFinite) && cmaes.sigma < 1)
        var direct = try CMAES(problem: problem, seed: 3)
        #expect(throws: AlgorithmError.self) { try direct.replacePending(with: [[0, 0, 0, 0]]) }
        _ = try direct.ask()
        #expect(throws: AlgorithmError.self) { try direct.replacePending(with: [[9, 0, 0, 0]]) }
        #expect(throws: AlgorithmError.self) { try direct.replacePending(with: Array(repeating: [0, 0, 0, 0], count: 99)) }
        try direct.replacePending(with: [[1, 2, 3, 4]])
        #expect(direct.pendingIndividuals?.first?.genome == [1, 2, 3, 4])
    }

    @Test("points outside the space, unknown names and optimizers that cannot take points are typed errors")
    func badPoints() throws {
        let optimization = Optimization(try GeneticAlgorithm(problem: try mixedProblem(), seed: 4, populationSize: 6), stopping: StoppingCriteria(generations: 1))
        for point: [String: PypetValue] in [
            ["rate": .double(2), "units": .int(1), "activation": "tanh"],
            ["rate": .double(0.5), "units": .int(1), "activation": "sigmoid"],
            ["rate": .double(0.5), "units": .int(1)],
            ["rate": .double(0.5), "units": .int(1), "activation": "tanh", "depth": .int(3)],
            ["rate": "fast", "units": .int(1), "activation": "tanh"],
        ] {
            expectError(AlgorithmError.Code.invalidConfiguration, as: AlgorithmError.self) { try optimization.warmStart([point]) }
        }
        let crossEntropy = Optimization(
            try CrossEntropyMethod(problem: try Problem(space: .box(2, lower: -1, upper: 1), objectives: [.minimize("f")]), seed: 1),
            stopping: StoppingCriteria(generations: 1))
        try crossEntropy.warmStart([["x0": .double(0), "x1": .double(0)]])
        expectError(AlgorithmError.Code.invalidConfiguration, as: AlgorithmError.self) {
            try crossEntropy.run { genome in Fitness(genome.reduce(0) { $0 + $1 * $1 }) }
        }
    }
}
