import Foundation
import PypetOptimizers
import Testing

/// ZDT1 with `x.count` variables in [0, 1]: a convex front f2 = 1 − √f1 at x₂ = ... = xₙ = 0.
private func zdt1(_ x: [Double]) -> Fitness {
    let g = 1 + 9 * x.dropFirst().reduce(0, +) / Double(x.count - 1)
    return Fitness([x[0], g * (1 - (x[0] / g).squareRoot())])
}

/// The hypervolume (reference 1.1, 11) of the non-dominated trials of `optimizer` after `trials` evaluations.
private func searchedVolume<O: Optimizer>(_ optimizer: inout O, trials: Int) throws -> Double {
    var told: [[Double]] = []
    while told.count < trials {
        let batch = try optimizer.ask()
        let values = batch.map { zdt1($0.genome) }
        try optimizer.tell(values)
        told += values.map(\.values)
    }
    return Hypervolume.of(told, reference: [1.1, 11])
}

@Suite("Multi-objective TPE and hypervolume")
struct MultiObjectiveTPETests {
    @Test("hypervolume: hand-computed 2-D and 3-D cases, points beyond the reference, greedy subset")
    func hypervolume() {
        #expect(Hypervolume.of([[1, 3], [2, 2], [3, 1]], reference: [4, 4]) == 6)
        // A dominated point and one outside the reference add nothing.
        #expect(Hypervolume.of([[1, 3], [2, 2], [3, 1], [3, 3], [5, 0]], reference: [4, 4]) == 6)
        #expect(Hypervolume.of([[1, 1, 1]], reference: [2, 2, 2]) == 1)
        // Two boxes of volume 8 (from (0,0,1) and (1,1,0) to (2,2,3)... computed by inclusion-exclusion):
        // box A = 2·2·2 = 8, box B = 1·1·3 = 3, overlap = 1·1·2 = 2: 9.
        #expect(Hypervolume.of([[0, 0, 1], [1, 1, 0]], reference: [2, 2, 3]) == 9)
        #expect(Hypervolume.referencePoint([[1, -2], [3, -1]]) == [3.3000000000000003, -0.9])
        // From {(1,3), (2,2), (3,1)} with reference (4,4), the middle point alone covers most (4 against 3).
        #expect(Hypervolume.greedySubset([[1, 3], [2, 2], [3, 1]], count: 1, reference: [4, 4]) == [1])
        #expect(Set(Hypervolume.greedySubset([[1, 3], [2, 2], [3, 1]], count: 3, reference: [4, 4])) == [0, 1, 2])
    }

    @Test("TPE accepts several objectives, resumes exactly from its recorded state, and on ZDT1 finds a larger hypervolume than random search")
    func zdt1Search() throws {
        let problem = try Problem(space: .box(5, lower: 0, upper: 1), objectives: [.minimize("f1"), .minimize("f2")])
        var tpeVolumes: [Double] = [], randomVolumes: [Double] = []
        for seed: UInt64 in 1...3 {
            var tpe = try TPE(problem: problem, seed: seed, batchSize: 4)
            tpeVolumes.append(try searchedVolume(&tpe, trials: 160))
            var random = try RandomSearch(problem: problem, seed: seed, batchSize: 4)
            randomVolumes.append(try searchedVolume(&random, trials: 160))
        }
        let tpeMean = tpeVolumes.reduce(0, +) / 3, randomMean = randomVolumes.reduce(0, +) / 3
        print("MOTPE ZDT1 hypervolume, 160 trials, seeds 1-3: TPE \(tpeVolumes) (mean \(tpeMean)), random \(randomVolumes) (mean \(randomMean))")
        #expect(tpeMean > randomMean)

        // The state after 40 trials, encoded and decoded, proposes what the original proposes.
        var original = try TPE(problem: problem, seed: 9, batchSize: 4)
        _ = try searchedVolume(&original, trials: 40)
        var copy = try JSONDecoder().decode(TPE.self, from: try JSONEncoder().encode(original))
        let a = try original.ask(), b = try copy.ask()
        #expect(a.map(\.genome) == b.map(\.genome))
    }

    @Test("the better group is the Pareto front: proposals concentrate near its members, not near dominated trials")
    func split() throws {
        let problem = try Problem(space: .box(1, lower: 0, upper: 1), objectives: [.minimize("a"), .minimize("b")])
        // 30 trials at x = i/30: three form the front {(0,3), (1,1.5), (3,0)}; with γ(30) = 3 they are the
        // better group. The others are dominated.
        let front: [Int: [Double]] = [4: [0, 3], 9: [1, 1.5], 17: [3, 0]]
        var near = 0
        for seed: UInt64 in 1...20 {
            var tpe = try TPE(problem: problem, seed: seed, startupTrials: 0, batchSize: 1)
            for index in 0..<30 {
                _ = try tpe.ask()
                try tpe.replacePending(with: [[Double(index) / 30]])
                try tpe.tell([Fitness(front[index] ?? [5 + Double(index % 7), 5 + Double(index % 5)])])
            }
            let proposal = try tpe.ask()[0].genome[0]
            if front.keys.contains(where: { abs(Double($0) / 30 - proposal) < 0.05 }) { near += 1 }
        }
        // Uniform proposals would land that near one of the three points 30 % of the time (6 of 20).
        #expect(near >= 14, "\(near) of 20 proposals near the front")
    }
}
