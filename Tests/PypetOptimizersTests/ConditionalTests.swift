import Foundation
import GSLRandom
import PypetCore
import PypetOptimizers
import Testing

/// kind ∈ {linear, tree}; `rate` (logarithmic) only for linear, `depth` (integer) only for tree, `leaf`
/// (continuous) only for tree.
private func conditionalSpace() throws -> ParameterSpace {
    try ParameterSpace(
        [
            .categorical("kind", values: [.string("linear"), .string("tree")]),
            .logarithmic("rate", lower: 1e-4, upper: 1), .integer("depth", lower: 1, upper: 12), .continuous("leaf", lower: 0, upper: 1),
        ],
        conditions: [
            DimensionCondition("rate", activeWhen: "kind", isOneOf: [.string("linear")]),
            DimensionCondition("depth", activeWhen: "kind", isOneOf: [.string("tree")]),
            DimensionCondition("leaf", activeWhen: "kind", isOneOf: [.string("tree")]),
        ])
}

/// Trees are better: the loss is smallest at depth 6 and leaf 0.3.
private func loss(_ x: [Double]) -> Double {
    x[0] == 0 ? 1 + pow(log10(x[1]) + 2, 2) : abs(x[2] - 6) / 6 + abs(x[3] - 0.3)
}

@Suite("Conditional dimensions")
struct ConditionalTests {
    @Test("inactive dimensions are never drawn: they hold their defaults in every asked genome (TPE, GA, random search)")
    func inactiveHoldDefaults() throws {
        let space = try conditionalSpace()
        let problem = try Problem(space: space)
        let defaults = space.defaultCoordinates
        #expect(defaults == [0, (1e-4 * 1.0).squareRoot(), 1, 0.5])
        var tpe = try TPE(problem: problem, seed: 3, batchSize: 4)
        var ga = try GeneticAlgorithm(problem: problem, seed: 3, populationSize: 20)
        var random = try RandomSearch(problem: problem, seed: 3, batchSize: 20)
        var asked: [[Double]] = []
        for _ in 0..<25 {
            for batch in [try tpe.ask(), try ga.ask(), try random.ask()] { asked += batch.map(\.genome) }
            try tpe.tell(tpe.pendingIndividuals?.map { Fitness(loss($0.genome)) } ?? [])
            try ga.tell(ga.pendingIndividuals?.map { Fitness(loss($0.genome)) } ?? [])
            try random.tell(random.pendingIndividuals?.map { Fitness(loss($0.genome)) } ?? [])
        }
        var activeValues = Set<Double>()
        for x in asked {
            if x[0] == 0 {
                #expect(x[2] == defaults[2] && x[3] == defaults[3], "a linear model with tree settings \(x)")
                activeValues.insert(x[1])
            } else {
                #expect(x[1] == defaults[1], "a tree with a rate \(x)")
                activeValues.insert(x[3])
            }
        }
        #expect(activeValues.count > 100, "active dimensions vary")
        let trees = tpe.trials.suffix(40).filter { $0.genome[0] == 1 }.count
        #expect(trees >= 30, "TPE prefers the better branch: \(trees) trees in its last 40 trials")
    }

    @Test("TPE models a conditional dimension from the trials where it was active")
    func tpeFindsBranchOptimum() throws {
        var tpe = try TPE(problem: try Problem(space: try conditionalSpace()), seed: 8)
        try TestFunctions.run(&tpe, evaluations: 120, loss)
        let best = try #require(tpe.trials.min { ($0.fitness?.value ?? .infinity) < ($1.fitness?.value ?? .infinity) })
        #expect(best.genome[0] == 1 && (best.fitness?.value ?? .infinity) < 0.15, "best \(best.genome)")
    }

    @Test("multivariate TPE on a conditional space (Optuna's group decomposition): the better branch's optimum, inactive dimensions never drawn")
    func multivariateGroups() throws {
        let space = try conditionalSpace()
        var tpe = try TPE(problem: try Problem(space: space), seed: 8, multivariate: true)
        try TestFunctions.run(&tpe, evaluations: 120, loss)
        let best = try #require(tpe.trials.min { ($0.fitness?.value ?? .infinity) < ($1.fitness?.value ?? .infinity) })
        #expect(best.genome[0] == 1 && (best.fitness?.value ?? .infinity) < 0.15, "best \(best.genome)")
        for trial in tpe.trials {
            if trial.genome[0] == 0 {
                #expect(trial.genome[2] == space.defaultCoordinates[2] && trial.genome[3] == space.defaultCoordinates[3], "\(trial.genome)")
            } else {
                #expect(trial.genome[1] == space.defaultCoordinates[1], "\(trial.genome)")
            }
        }
        let trees = tpe.trials.suffix(40).filter { $0.genome[0] == 1 }.count
        #expect(trees >= 30, "\(trees) trees in the last 40 trials")
    }

    @Test("invalid conditions and unsupported optimizers are typed errors; conditions survive encoding")
    func errors() throws {
        let dimensions: [PypetOptimizers.Dimension] = [.categorical("kind", values: [.string("a"), .string("b")]), .continuous("x", lower: 0, upper: 1)]
        for condition in [
            DimensionCondition("y", activeWhen: "kind", isOneOf: [.string("a")]),
            DimensionCondition("x", activeWhen: "nothing", isOneOf: [.string("a")]),
            DimensionCondition("kind", activeWhen: "x", isOneOf: [.double(0)]),
            DimensionCondition("x", activeWhen: "kind", isOneOf: [.string("c")]),
            DimensionCondition("x", activeWhen: "kind", isOneOf: []),
        ] {
            #expect(throws: AlgorithmError.self) { try ParameterSpace(dimensions, conditions: [condition]) }
        }
        let space = try conditionalSpace()
        let problem = try Problem(space: space)
        #expect(throws: AlgorithmError.self) { try CMAES(problem: problem, seed: 1) }
        #expect(throws: AlgorithmError.self) { try GridSearch(problem: problem) }
        let decoded = try JSONDecoder().decode(ParameterSpace.self, from: try JSONEncoder().encode(space))
        #expect(decoded == space && decoded.conditions.count == 3)
        var genome = [1.0, 0.5, 20, -3]
        space.repair(&genome)
        #expect(genome == [1, space.defaultCoordinates[1], 12, 0])
    }
}
