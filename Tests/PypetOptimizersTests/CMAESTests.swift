import Foundation
import GSLRandom
import PypetOptimizers
import Testing

@Suite("CMA-ES (standalone)")
struct CMAESStandaloneTests {
    @Test("recombination weights and learning rates follow Hansen's tutorial (n = 2, λ = 6)")
    func weights() {
        let p = CMAESParameters(dimension: 2, lambda: 6, active: true)
        let raw = (1...6).map { log(3.5) - log(Double($0)) }
        let positive = raw.prefix(3).reduce(0, +), negative = raw.suffix(3).reduce(0, +)
        let muEff = positive * positive / raw.prefix(3).reduce(0) { $0 + $1 * $1 }
        let muEffMinus = negative * negative / raw.suffix(3).reduce(0) { $0 + $1 * $1 }
        let c1 = 2 / (3.3 * 3.3 + muEff)
        let cMu = min(1 - c1, 2 * (muEff - 2 + 1 / muEff) / (16 + muEff))
        let alpha = min(1 + c1 / cMu, 1 + 2 * muEffMinus / (muEff + 2), (1 - c1 - cMu) / (2 * cMu))
        #expect(abs(p.muEff - muEff) < 1e-14 && abs(p.c1 - c1) < 1e-15 && abs(p.cMu - cMu) < 1e-15)
        for rank in 0..<3 { #expect(abs(p.weights[rank] - raw[rank] / positive) < 1e-15) }
        for rank in 3..<6 { #expect(abs(p.weights[rank] - raw[rank] * alpha / -negative) < 1e-15) }
        #expect(abs(p.weights.suffix(3).reduce(0, +) + alpha) < 1e-14, "negative weights sum to −α")
        #expect(CMAESParameters(dimension: 2, lambda: 6, active: false).weights.suffix(3).allSatisfy { $0 == 0 })
    }

    @Test("one generation's active update equals the tutorial's formulas computed by hand")
    func activeUpdate() throws {
        let problem = try Problem(space: ParameterSpace([.continuous("a", lower: -.infinity, upper: .infinity), .continuous("b", lower: -.infinity, upper: .infinity)]))
        var cmaes = try CMAES(problem: problem, seed: 3, start: [1, 2], initialSteps: [0.5, 0.5], populationSize: 6)
        let batch = try cmaes.ask()
        let f = { (x: [Double]) in 3 * x[0] * x[0] + x[1] * x[1] }
        try cmaes.tell(batch.map { Fitness(f($0.genome)) })

        // By hand, C₀ = I, σ₀ = 0.5, m₀ = (1, 2), both paths 0 (so C^(−1/2) = I).
        let n = 2.0, sigma0 = 0.5, m0 = [1.0, 2.0]
        let p = CMAESParameters(dimension: 2, lambda: 6, active: true)
        let order = batch.indices.sorted { f(batch[$0].genome) < f(batch[$1].genome) }
        let y = order.map { i in (0..<2).map { (batch[i].genome[$0] - m0[$0]) / sigma0 } }
        var yw = [0.0, 0.0]
        for rank in 0..<3 { for i in 0..<2 { yw[i] += p.weights[rank] * y[rank][i] } }
        let mean = (0..<2).map { m0[$0] + sigma0 * yw[$0] }
        let ps = yw.map { (p.cSigma * (2 - p.cSigma) * p.muEff).squareRoot() * $0 }
        let psNorm = (ps[0] * ps[0] + ps[1] * ps[1]).squareRoot()
        let hsig = psNorm / (1 - pow(1 - p.cSigma, 2)).squareRoot() < (1.4 + 2 / (n + 1)) * p.chiN
        let pc = yw.map { hsig ? (p.cC * (2 - p.cC) * p.muEff).squareRoot() * $0 : 0 }
        let wo = (0..<6).map { rank in p.weights[rank] >= 0 ? p.weights[rank] : p.weights[rank] * n / (y[rank][0] * y[rank][0] + y[rank][1] * y[rank][1]) }
        let decay = 1 + p.c1 * (hsig ? 0 : p.cC * (2 - p.cC)) - p.c1 - p.cMu * p.weights.reduce(0, +)
        var c = [Double](repeating: 0, count: 4)
        for i in 0..<2 {
            for j in 0..<2 {
                var rankMu = 0.0
                for rank in 0..<6 { rankMu += wo[rank] * y[rank][i] * y[rank][j] }
                c[i * 2 + j] = decay * (i == j ? 1 : 0) + p.c1 * pc[i] * pc[j] + p.cMu * rankMu
            }
        }
        let sigma = sigma0 * exp(min(1, p.cSigma / p.dSigma * (psNorm / p.chiN - 1)))

        for i in 0..<2 {
            #expect(abs(cmaes.mean[i] - mean[i]) < 1e-14)
            #expect(abs(cmaes.pathSigma[i] - ps[i]) < 1e-13)
            #expect(abs(cmaes.pathC[i] - pc[i]) < 1e-13)
        }
        for k in 0..<4 { #expect(abs(cmaes.covariance[k] - c[k]) < 1e-13, "C[\(k)] \(cmaes.covariance[k]) against \(c[k])") }
        #expect(abs(cmaes.sigma - sigma) < 1e-14)
    }

    @Test("a flat fitness ends the run (tolflatfitness) and restarts it with twice the population")
    func flatFitness() throws {
        let problem = try Problem(space: .box(3, lower: -1, upper: 1))
        var cmaes = try CMAES(problem: problem, seed: 1)
        try TestFunctions.run(&cmaes, evaluations: 2 * 7) { _ in 1 }  // two generations of λ = 7
        #expect(cmaes.terminations.first == .tolflatfitness)
        #expect(cmaes.restarts >= 1)
        _ = try cmaes.ask()
        #expect(cmaes.lambda == 2 * cmaes.initialPopulationSize)
    }

    @Test("a step below the resolution of the mean ends the run (noeffectcoord) in its first generation")
    func noEffectCoordinate() throws {
        let problem = try Problem(space: ParameterSpace((0..<2).map { .continuous("x\($0)", lower: -.infinity, upper: .infinity) }))
        var cmaes = try CMAES(problem: problem, seed: 1, start: [1e17, 1e17], initialSteps: [1, 1], restarts: .none)
        try TestFunctions.run(&cmaes, evaluations: 1000, TestFunctions.sphere)
        #expect(cmaes.terminations == [.noeffectcoord])
        #expect(cmaes.isFinished && cmaes.generation == 1)
        #expect(throws: AlgorithmError.self) { try cmaes.ask() }
    }

    @Test("a linear function on an unbounded space ends the run instead of diverging forever")
    func divergence() throws {
        let problem = try Problem(space: ParameterSpace((0..<3).map { .continuous("x\($0)", lower: -.infinity, upper: .infinity) }))
        var cmaes = try CMAES(problem: problem, seed: 4, start: [0, 0, 0], initialSteps: [1, 1, 1], restarts: .none)
        try TestFunctions.run(&cmaes, evaluations: 100_000) { $0[0] + $0[1] }
        #expect(cmaes.isFinished)
        let reason = try #require(cmaes.terminations.first)
        #expect([.tolupsigma, .conditioncov, .noeffectcoord, .noeffectaxis].contains(reason), "ended by \(reason)")
        print("CMA-ES linear divergence ended by", reason, "after", cmaes.generation, "generations")
    }

    @Test("rotated bent cigar, d = 10: solved to 1e-8 within 1000·D·2 evaluations")
    func bentCigar() throws {
        let rotation = try TestFunctions.rotation(10, seed: 12)
        let problem = try Problem(space: .box(10, lower: -5, upper: 5))
        var cmaes = try CMAES(problem: problem, seed: 12)
        let best = try TestFunctions.run(&cmaes, evaluations: 20_000, target: 1e-8) { TestFunctions.bentCigar($0, rotation: rotation) }
        #expect(best <= 1e-8, "best \(best), step \(cmaes.sigma), restarts \(cmaes.restarts) (\(cmaes.terminations))")
        print("CMA-ES rotated bent cigar d=10:", best, "generations", cmaes.generation, "restarts", cmaes.restarts, cmaes.terminations)
    }

    @Test("BIPOP alternates: the first restart is small (smaller step), large ones double the population")
    func bipop() throws {
        let problem = try Problem(space: .box(5, lower: -5.12, upper: 5.12))
        var cmaes = try CMAES(problem: problem, seed: 7, restarts: .bipop)
        var runs: [(regime: CMAESRegime, lambda: Int, sigma: Double, small: Int, large: Int)] = []
        var spent = 0
        while spent < 60_000 {
            let starting = cmaes.mean.isEmpty
            let before = (small: cmaes.smallBudget, large: cmaes.largeBudget)
            let batch = try cmaes.ask()
            if starting { runs.append((cmaes.regime, cmaes.lambda, cmaes.sigma, before.small, before.large)) }
            try cmaes.tell(batch.map { Fitness(TestFunctions.rastrigin($0.genome)) })
            spent += batch.count
        }
        let lambda0 = cmaes.initialPopulationSize, sigma0 = 0.3 * 10.24
        #expect(runs.count >= 4, "\(runs.count) runs")
        #expect(runs[0].regime == .large && runs[0].lambda == lambda0)
        #expect(runs[1].regime == .small && runs[1].sigma <= sigma0 && runs[1].sigma >= sigma0 / 100)
        for run in runs.dropFirst() {
            // Each restart goes to the regime that has used fewer evaluations.
            #expect((run.regime == .small) == (run.small < run.large))
            if run.regime == .small { #expect(run.lambda >= lambda0) }
        }
        let large = runs.filter { $0.regime == .large }.map(\.lambda)
        #expect(large.count >= 2 && large.enumerated().allSatisfy { $0.element == lambda0 << $0.offset }, "large runs \(large)")
    }

    @Test("start point and per-dimension steps are in the problem's units")
    func startAndSteps() throws {
        let problem = try Problem(space: ParameterSpace([
            .continuous("rate", lower: 0, upper: 1), .continuous("offset", lower: -.infinity, upper: .infinity),
        ]))
        var cmaes = try CMAES(problem: problem, seed: 5, start: [0.5, 1000], initialSteps: [0.001, 10], populationSize: 4000)
        let batch = try cmaes.ask()
        let rates = batch.map { $0.genome[0] }, offsets = batch.map { $0.genome[1] }
        func deviation(_ v: [Double], around center: Double) -> Double {
            (v.reduce(0) { $0 + ($1 - center) * ($1 - center) } / Double(v.count)).squareRoot()
        }
        #expect(abs(deviation(rates, around: 0.5) - 0.001) < 0.0001)
        #expect(abs(deviation(offsets, around: 1000) - 10) < 1)
        try cmaes.tell(partial: Array(repeating: Fitness(1), count: 10))
        #expect(cmaes.population.filter { $0.failure != nil }.count == 3990)
    }

    @Test("invalid settings are typed errors with a plain message")
    func invalid() throws {
        let unbounded = try Problem(space: ParameterSpace([.continuous("x", lower: 0, upper: .infinity)]))
        let box = try Problem(space: .box(2, lower: 0, upper: 1))
        for make in [
            { _ = try CMAES(problem: unbounded, seed: 1) },
            { _ = try CMAES(problem: unbounded, seed: 1, start: [1]) },
            { _ = try CMAES(problem: box, seed: 1, start: [2, 0]) },
            { _ = try CMAES(problem: box, seed: 1, start: [0.5]) },
            { _ = try CMAES(problem: box, seed: 1, initialSteps: [0.1, -1]) },
            { _ = try CMAES(problem: box, seed: 1, maximumRestarts: -1) },
            { _ = try GeneticAlgorithm(problem: unbounded, seed: 1) },
        ] as [() throws -> Void] {
            #expect(throws: AlgorithmError.self) { try make() }
        }
        #expect(throws: AlgorithmError.self) { try ParameterSpace([.continuous("x", lower: .infinity, upper: .infinity)]) }
        _ = try CMAES(problem: unbounded, seed: 1, start: [1], initialSteps: [2])
    }

    @Test("BIPOP state encoded mid-run continues bit-identically after decoding")
    func resume() throws {
        let problem = try Problem(space: .box(4, lower: -5.12, upper: 5.12))
        var original = try CMAES(problem: problem, seed: 9, restarts: .bipop)
        try TestFunctions.run(&original, evaluations: 6_000, TestFunctions.rastrigin)
        #expect(original.restarts >= 1)
        var copy = try JSONDecoder().decode(CMAES.self, from: try JSONEncoder().encode(original))
        #expect(copy == original)
        for _ in 0..<200 {
            let a = try original.ask(), b = try copy.ask()
            #expect(a == b)
            try original.tell(a.map { Fitness(TestFunctions.rastrigin($0.genome)) })
            try copy.tell(b.map { Fitness(TestFunctions.rastrigin($0.genome)) })
        }
        #expect(copy == original)
    }
}
