import Foundation
import PypetCore
import PypetOptimizers
import Testing

/// Hyperparameters of every kind: continuous, logarithmic, integer, categorical.
private func hyperparameters() throws -> Problem {
    try Problem(
        space: try ParameterSpace([
            .continuous("a", lower: 0, upper: 10), .logarithmic("rate", lower: 1e-3, upper: 1), .integer("n", lower: 1, upper: 20),
            .categorical("kind", values: ["x", "y", "z"]),
        ]), objectives: [.minimize("loss")])
}

private func code(of body: () throws -> Void) -> AlgorithmError.Code? {
    do {
        try body()
        return nil
    } catch let error as AlgorithmError {
        #expect(!error.message.isEmpty)
        return error.code
    } catch {
        return nil
    }
}

@Suite("Population-based training (ask/tell)")
struct PBTTests {
    @Test("the first step starts every member afresh; the checkpoint dimension is appended to the hyperparameters")
    func firstStep() throws {
        var pbt = try PopulationBasedTraining(problem: try hyperparameters(), seed: 3, populationSize: 8)
        #expect(pbt.problem.space.dimensions.map(\.name) == ["a", "rate", "n", "kind", "checkpoint"])
        #expect(pbt.hyperparameters == (try hyperparameters()))
        let batch = try pbt.ask()
        #expect(batch.count == 8)
        #expect(batch.allSatisfy { $0.genome.last == -1 && pbt.checkpoint(of: $0.genome) == nil })
        #expect(batch.allSatisfy { pbt.problem.space.contains($0.genome) })
        #expect(pbt.exploitedFrom == Array(repeating: -1, count: 8))
    }

    @Test("the worst quarter continues from a best quarter member's checkpoint with perturbed hyperparameters; the others from their own")
    func exploitAndExplore() throws {
        var pbt = try PopulationBasedTraining(problem: try hyperparameters(), seed: 11, populationSize: 8, resampleProbability: 0)
        let first = try pbt.ask()
        // Member i has loss i: members 0 and 1 are the best quarter, 6 and 7 the worst.
        try pbt.tell((0..<8).map { Fitness(Double($0)) })
        #expect(pbt.population.map(\.runIndex) == Array(0..<8).map { Optional($0) }, "in memory a checkpoint is the evaluation's position")
        let second = try pbt.ask()
        for member in 0..<6 {
            #expect(second[member].genome == Array(first[member].genome.dropLast()) + [Double(member)], "member \(member) continues")
            #expect(pbt.exploitedFrom[member] == -1)
        }
        for member in 6..<8 {
            let donor = pbt.exploitedFrom[member]
            #expect([0, 1].contains(donor), "member \(member) copies a best-quarter member, not \(donor)")
            let parent = first[donor].genome, child = second[member].genome
            #expect(pbt.checkpoint(of: child) == donor)
            // Continuous and logarithmic: multiplied by 0.8 or 1.2 (then clipped).
            for index in [0, 1] {
                let upper = pbt.problem.space.upperBounds[index], lower = pbt.problem.space.lowerBounds[index]
                let candidates = [0.8, 1.2].map { min(upper, max(lower, parent[index] * $0)) }
                #expect(candidates.contains(child[index]), "dimension \(index): \(parent[index]) became \(child[index])")
            }
            // Integer: moved by at least one (unless at a bound); categorical: a neighbouring category.
            #expect(child[2] != parent[2] || child[2] == 1 || child[2] == 20)
            #expect(abs(child[3] - parent[3]) <= 1)
        }
        // The third step: members continue from the runs of the second (evaluations 8...15).
        try pbt.tell((0..<8).map { Fitness(Double(8 - $0)) })
        let third = try pbt.ask()
        #expect(third.prefix(2).allSatisfy { [14.0, 15.0].contains($0.genome.last ?? -1) }, "the worst two now copy members 6 and 7")
        #expect(third.dropFirst(2).enumerated().allSatisfy { $0.element.genome.last == Double(10 + $0.offset) })
    }

    @Test("failed members are always replaced; a population without a successful donor starts afresh")
    func failures() throws {
        var pbt = try PopulationBasedTraining(problem: try hyperparameters(), seed: 2, populationSize: 8)
        _ = try pbt.ask()
        try pbt.tell(partial: (0..<5).map { Fitness(Double($0)) }, failure: "diverged")
        _ = try pbt.ask()
        #expect(Set((5..<8).map { pbt.exploitedFrom[$0] }).isSubset(of: [0, 1]))
        try pbt.tell(partial: [], failure: "diverged")
        let restarted = try pbt.ask()
        #expect(restarted.allSatisfy { $0.genome.last == -1 }, "nobody to copy: every member starts afresh")
    }

    @Test("the same seed gives the same steps, and an encoded state continues bit-identically")
    func determinism() throws {
        func loss(_ genome: [Double]) -> Fitness { Fitness(abs(genome[0] - 3) + genome[1] + genome[2] / 10 + genome[3]) }
        var one = try PopulationBasedTraining(problem: try hyperparameters(), seed: 9, populationSize: 6)
        var two = one
        var other = try PopulationBasedTraining(problem: try hyperparameters(), seed: 10, populationSize: 6)
        var restored: PopulationBasedTraining?
        for step in 0..<6 {
            let batch = try one.ask()
            #expect(try two.ask() == batch)
            if step == 0 { #expect(try other.ask() != batch) }
            try one.tell(batch.map { loss($0.genome) })
            try two.tell(batch.map { loss($0.genome) })
            if step == 2 { restored = try JSONDecoder().decode(PopulationBasedTraining.self, from: try JSONEncoder().encode(one)) }
        }
        var resumed = try #require(restored)
        #expect(resumed.generation == 3)
        var reference = try PopulationBasedTraining(problem: try hyperparameters(), seed: 9, populationSize: 6)
        for _ in 0..<3 { try reference.tell(try reference.ask().map { loss($0.genome) }) }
        for _ in 3..<6 {
            let batch = try resumed.ask()
            #expect(try reference.ask() == batch)
            try resumed.tell(batch.map { loss($0.genome) })
            try reference.tell(batch.map { loss($0.genome) })
        }
        #expect(resumed == reference)
        #expect(resumed.population == one.population)
    }

    @Test("bad settings are typed errors with a message")
    func badSettings() throws {
        let problem = try hyperparameters()
        for quantile in [0, -0.1, 0.6, Double.nan] {
            #expect(code { _ = try PopulationBasedTraining(problem: problem, seed: 1, quantile: quantile) } == .invalidConfiguration)
        }
        #expect(code { _ = try PopulationBasedTraining(problem: problem, seed: 1, populationSize: 1) } == .invalidConfiguration)
        #expect(code { _ = try PopulationBasedTraining(problem: problem, seed: 1, resampleProbability: 1.5) } == .invalidConfiguration)
        #expect(code { _ = try PopulationBasedTraining(problem: problem, seed: 1, perturbationFactors: []) } == .invalidConfiguration)
        #expect(code { _ = try PopulationBasedTraining(problem: problem, seed: 1, perturbationFactors: [0.8, -1]) } == .invalidConfiguration)
        #expect(code { _ = try PopulationBasedTraining(problem: problem, seed: 1, checkpointParameter: "rate") } == .invalidConfiguration)
        let twoObjectives = try Problem(space: problem.space, objectives: [.minimize("a"), .minimize("b")])
        #expect(code { _ = try PopulationBasedTraining(problem: twoObjectives, seed: 1) } == .invalidConfiguration)
        var pbt = try PopulationBasedTraining(problem: problem, seed: 1)
        #expect(code { try pbt.tell([Fitness(1)]) } == .protocolViolation)
        _ = try pbt.ask()
        #expect(code { _ = try pbt.ask() } == .protocolViolation)
        #expect(code { try pbt.replacePending(with: [[1, 0.1, 2, 0, -1]]) } == .invalidConfiguration)
        #expect(PopulationBasedTraining.quantileCount(8, quantile: 0.25) == 2)
        #expect(PopulationBasedTraining.quantileCount(3, quantile: 0.5) == 1)
    }
}
