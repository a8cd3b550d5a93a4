import Foundation
import Pypet
import PypetAlgorithms
import PypetTestSupport
import Testing

/// Two streams with the same seed: one replays the draws by hand, the other feeds the operator.
private func streams(_ seed: UInt64 = 9) throws -> (RandomStream, RandomStream) {
    (try RandomStream(seed: seed), try RandomStream(seed: seed))
}

private func individual(_ weighted: [Double]) -> Individual {
    var result = Individual(genome: weighted)
    let objectives = weighted.indices.map { Objective("f\($0)", .maximize) }
    result.assign(Fitness(weighted), objectives: objectives)
    return result
}

@Suite("Operators")
struct OperatorTests {
    let lower = [Double](repeating: 0, count: 5), upper = [Double](repeating: 10, count: 5)

    @Test("one-point and two-point crossover swap exactly the segment the draws choose")
    func cutPoints() throws {
        let (hand, random) = try streams()
        var a = [1.0, 2, 3, 4, 5], b = [6.0, 7, 8, 9, 10]
        let point = hand.integer(in: 1...4)
        Crossover.onePoint.apply(&a, &b, lower: lower, upper: upper, random: random)
        #expect(a == [1.0, 2, 3, 4, 5].prefix(point) + [6.0, 7, 8, 9, 10].suffix(5 - point))
        #expect(b == [6.0, 7, 8, 9, 10].prefix(point) + [1.0, 2, 3, 4, 5].suffix(5 - point))

        let (hand2, random2) = try streams(3)
        var c = [1.0, 2, 3, 4, 5], d = [6.0, 7, 8, 9, 10]
        var first = hand2.integer(in: 1...5), second = hand2.integer(in: 1...4)
        if second >= first { second += 1 } else { swap(&first, &second) }
        Crossover.twoPoint.apply(&c, &d, lower: lower, upper: upper, random: random2)
        var expected = [1.0, 2, 3, 4, 5]
        for index in first..<second { expected[index] = [6.0, 7, 8, 9, 10][index] }
        #expect(c == expected)
        #expect(zip(c, d).map { $0 + $1 } == [7, 9, 11, 13, 15])
    }

    @Test("uniform crossover with probability 1 swaps everything, 0 nothing; blend keeps each pair's sum")
    func uniformAndBlend() throws {
        let (_, random) = try streams()
        var a = [1.0, 2, 3], b = [4.0, 5, 6]
        Crossover.uniform(probability: 1).apply(&a, &b, lower: lower, upper: upper, random: random)
        #expect(a == [4, 5, 6] && b == [1, 2, 3])
        Crossover.uniform(probability: 0).apply(&a, &b, lower: lower, upper: upper, random: random)
        #expect(a == [4, 5, 6] && b == [1, 2, 3])

        let (hand, random2) = try streams(5)
        var x = [1.0, 2], y = [3.0, 8]
        Crossover.blend(alpha: 0.5).apply(&x, &y, lower: lower, upper: upper, random: random2)
        let g0 = 2 * hand.uniform() - 0.5, g1 = 2 * hand.uniform() - 0.5
        #expect(abs(x[0] - ((1 - g0) * 1 + g0 * 3)) < 1e-12 && abs(y[0] - (g0 * 1 + (1 - g0) * 3)) < 1e-12)
        #expect(abs(x[1] - ((1 - g1) * 2 + g1 * 8)) < 1e-12)
        #expect(abs(x[0] + y[0] - 4) < 1e-12 && abs(x[1] + y[1] - 10) < 1e-12)
    }

    @Test("simulated binary crossover matches DEAP's formula draw by draw and stays in bounds")
    func simulatedBinary() throws {
        let (hand, random) = try streams(21)
        let eta = 15.0
        var a = [2.0, 9.0, 5.0], b = [4.0, 1.0, 5.0]
        let originalA = a, originalB = b
        Crossover.simulatedBinaryBounded(eta: eta).apply(&a, &b, lower: [0, 0, 0], upper: [10, 10, 10], random: random)
        for index in 0..<3 {
            guard hand.uniform() <= 0.5 else {
                #expect(a[index] == originalA[index] && b[index] == originalB[index])
                continue
            }
            let x1 = min(originalA[index], originalB[index]), x2 = max(originalA[index], originalB[index])
            guard abs(x1 - x2) > 1e-14 else { continue }
            let u = hand.uniform()
            func q(_ beta: Double) -> Double {
                let alpha = 2 - pow(beta, -(eta + 1))
                return u <= 1 / alpha ? pow(u * alpha, 1 / (eta + 1)) : pow(1 / (2 - u * alpha), 1 / (eta + 1))
            }
            let c1 = min(max(0.5 * (x1 + x2 - q(1 + 2 * x1 / (x2 - x1)) * (x2 - x1)), 0), 10)
            let c2 = min(max(0.5 * (x1 + x2 + q(1 + 2 * (10 - x2) / (x2 - x1)) * (x2 - x1)), 0), 10)
            let swapped = hand.uniform() <= 0.5
            #expect(a[index] == (swapped ? c2 : c1) && b[index] == (swapped ? c1 : c2))
        }
        #expect(a.allSatisfy { (0...10).contains($0) } && b.allSatisfy { (0...10).contains($0) })
    }

    @Test("polynomial bounded mutation matches DEAP's formula; Gaussian and reset mutate as drawn")
    func mutations() throws {
        let (hand, random) = try streams(8)
        var genome = [5.0, 0.5, 9.9]
        let original = genome
        let eta = 20.0
        Mutation.polynomialBounded(eta: eta, probability: 1).apply(
            &genome, lower: [0, 0, 0], upper: [10, 10, 10], discrete: [false, false, false], categorical: [false, false, false], random: random)
        for index in 0..<3 {
            #expect(hand.uniform() <= 1)
            let x = original[index], d1 = x / 10, d2 = (10 - x) / 10, u = hand.uniform()
            let dq = u < 0.5
                ? pow(2 * u + (1 - 2 * u) * pow(1 - d1, eta + 1), 1 / (eta + 1)) - 1
                : 1 - pow(2 * (1 - u) + 2 * (u - 0.5) * pow(1 - d2, eta + 1), 1 / (eta + 1))
            #expect(abs(genome[index] - min(max(x + dq * 10, 0), 10)) < 1e-12)
        }

        let (hand2, random2) = try streams(4)
        var g = [1.0, 1.0]
        Mutation.gaussian(mean: 0, sigma: 2, probability: 1).apply(
            &g, lower: [0, 0], upper: [1, 1], discrete: [false, false], categorical: [false, false], random: random2)
        _ = hand2.uniform()
        let step0 = 2 * hand2.gaussian()
        #expect(abs(g[0] - (1 + step0)) < 1e-12)

        let (_, random3) = try streams(6)
        var unchanged = [3.0, 4.0]
        Mutation.uniformReset(probability: 0).apply(
            &unchanged, lower: [0, 0], upper: [10, 10], discrete: [true, false], categorical: [false, false], random: random3)
        #expect(unchanged == [3, 4])
    }

    @Test("flip mutation: categorical coordinates always switch category, integers move within bounds")
    func flips() throws {
        let (_, random) = try streams(12)
        for _ in 0..<200 {
            var genome = [2.0, 5.0, 0.5]
            Mutation.flip(step: 2, probability: 1).apply(
                &genome, lower: [0, 0, 0], upper: [3, 6, 1], discrete: [true, true, false], categorical: [true, false, false], random: random)
            #expect(genome[0] != 2 && (0...3).contains(genome[0]) && genome[0] == genome[0].rounded())
            #expect(genome[1] != 5 && abs(genome[1] - 5) <= 2 && (0...6).contains(genome[1]))
            #expect(genome[2] == 0.5)
        }
    }

    @Test("selection: best, tournament (replayed), random and roulette")
    func selection() throws {
        let population = [3.0, 9.0, 1.0, 7.0].map { individual([$0]) }
        let (hand, random) = try streams(2)
        #expect(Selection.best.select(2, from: population, random: random) == [1, 3])
        let picks = Selection.tournament(size: 2).select(3, from: population, random: random)
        for pick in picks {
            let a = hand.integer(in: 0...3), b = hand.integer(in: 0...3)
            #expect(pick == (population[b].isBetter(than: population[a]) ? b : a))
        }
        let (_, random2) = try streams(3)
        let roulette = Selection.roulette.select(2000, from: population, random: random2)
        let share = Double(roulette.filter { $0 == 1 }.count) / 2000
        #expect(abs(share - 9.0 / 20.0) < 0.05, "roulette share of the fittest \(share)")
        #expect(Selection.random.select(10, from: population, random: random2).allSatisfy { (0...3).contains($0) })
    }

    @Test("non-dominated sorting matches a brute-force reference; crowding distances by hand")
    func nondominatedSorting() throws {
        let random = try RandomStream(seed: 77)
        for _ in 0..<20 {
            let population = (0..<40).map { _ in individual([Double(random.integer(in: 0...9)), Double(random.integer(in: 0...9))]) }
            // Brute force: peel off the non-dominated set again and again.
            var remaining = Set(population.indices)
            var reference: [[Int]] = []
            while !remaining.isEmpty {
                let front = remaining.filter { p in !remaining.contains { q in population[q].dominates(population[p]) } }.sorted()
                reference.append(front)
                remaining.subtract(front)
            }
            #expect(NondominatedSorting.fronts(population).map { $0.sorted() } == reference)
        }
        // Four points on a line (maximized): ends infinite, inner ones (next - previous) / range per objective.
        let line = [[0.0, 3.0], [1.0, 2.0], [2.0, 1.0], [3.0, 0.0]].map(individual)
        let distances = NondominatedSorting.crowdingDistances([0, 1, 2, 3], in: line)
        #expect(distances[0] == .infinity && distances[3] == .infinity)
        #expect(abs(distances[1] - (2.0 / 3 + 2.0 / 3)) < 1e-12 && abs(distances[2] - 4.0 / 3) < 1e-12)
        #expect(NondominatedSorting.selectNSGA2(3, from: line).sorted() == [0, 1, 3] || NondominatedSorting.selectNSGA2(3, from: line).sorted() == [0, 2, 3])
    }
}
