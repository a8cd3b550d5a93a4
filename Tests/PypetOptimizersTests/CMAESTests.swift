import Foundation
import GSLRandom
import PypetOptimizers
import Testing

@Suite("CMA-ES (standalone)")
struct CMAESStandaloneTests {
    @Test("recombination weights and learning rates follow Hansen's tutorial (n = 2, λ = 6)")
    func weights() {
        let p = CMAESParameters(dimension: 2, lambda: 6, active: true, constants: .tutorial)
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

    @Test("pycma 4.x's default constants (n = 10, λ = 10 and n = 5, λ = 4)")
    func pycmaConstants() {
        for (n, lambda) in [(10, 10), (5, 4)] {
            let dn = Double(n), mu = lambda / 2
            let p = CMAESParameters(dimension: n, lambda: lambda, active: true)
            let raw = (1...lambda).map { log((Double(lambda) + 1) / 2) - log(Double($0)) }
            let positive = raw.prefix(mu).reduce(0, +), negative = raw.suffix(lambda - mu).reduce(0, +)
            let muEff = positive * positive / raw.prefix(mu).reduce(0) { $0 + $1 * $1 }
            let muEffMinus = negative * negative / raw.suffix(lambda - mu).reduce(0) { $0 + $1 * $1 }
            let c1 = min(1, Double(lambda) / 6) * 2 / ((dn + 1.3) * (dn + 1.3) + muEff)
            let cMu = min(1 - c1, 2 * (0.25 + muEff - 2 + 1 / muEff) / ((dn + 2) * (dn + 2) + muEff))
            let cSigma = min(0.5, (muEff + 2) / (dn + muEff + 3))
            let dSigma = 1 + 2 * max(0, max(1, 3 * (1 - pow(0.5, dn / 9))) * ((muEff - 1) / (dn + 1)).squareRoot() - 1) + cSigma
            let alpha = min(1 + c1 / cMu, 1 + 2 * muEffMinus / (muEff + 2), (1 - c1 - cMu) / (dn * cMu))
            #expect(abs(p.c1 - c1) < 1e-15 && abs(p.cMu - cMu) < 1e-15 && abs(p.cSigma - cSigma) < 1e-15 && abs(p.dSigma - dSigma) < 1e-14)
            #expect(abs(p.weights.suffix(lambda - mu).reduce(0, +) + alpha) < 1e-14)
            // h_σ: ‖p_σ‖² / (n (1 − (1 − c_σ)^(2g))) − 1 < 1 + 4 / (n + 1).
            let edge = dn * (2 + 4 / (dn + 1)) * (1 - pow(1 - cSigma, 2))
            #expect(p.hSigma(pathSigmaSquaredNorm: edge * 0.999, generation: 1))
            #expect(!p.hSigma(pathSigmaSquaredNorm: edge * 1.001, generation: 1))
        }
    }

    @Test("pycma's E‖N(0, I)‖ is exact: n = 3 gives pycma's documented 1.595769121605731")
    func chiN() {
        #expect(abs(CMAESParameters(dimension: 3, lambda: 7, active: true).chiN - 1.595769121605731) < 1e-14)
        #expect(abs(CMAESParameters(dimension: 5, lambda: 8, active: true).chiN - 2.127692162140973) < 1e-14)
    }

    @Test("the bound transformation: pycma's documented values, inside the bounds, inverse on the invertible domain")
    func boundTransform() {
        let t = CMAESBoundTransform(lower: [1, 1, 1, 1, 1, 1], upper: [2, 11, 11, 11, 11, 11])
        let y = t([1.52, -2.2, -0.2, 2, 4, 10.4])
        for (value, expected) in zip(y, [1.52, 4.1, 2.1, 2.0, 4.0, 10.4]) { #expect(abs(value - expected) < 1e-9, "\(y)") }
        #expect(t.upperMargin[0] == 0.1 && abs(t.upperMargin[1] - 0.55) < 1e-15)
        let box = CMAESBoundTransform(lower: [-5, 0, -.infinity, -.infinity], upper: [5, .infinity, 3, .infinity])
        var random = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let x = (0..<4).map { _ in Double.random(in: -40...40, using: &random) }
            let mapped = box(x)
            #expect(mapped[0] >= -5 && mapped[0] <= 5 && mapped[1] >= 0 && mapped[2] <= 3 && mapped[3] == x[3])
            let back = box(box.inverse(mapped))
            for i in 0..<4 { #expect(abs(back[i] - mapped[i]) < 1e-9) }
        }
        // The identity inside the margins, the bound itself at bound ± margin, continuous across the margins.
        #expect(box([4.7, 2, 2.8, 1]) == [4.7, 2, 2.8, 1])
        #expect(box([5.25, -0.05, 3.15, 0]) == [5, 0, 3, 0])
        // Mismatched lengths never trap: coordinates without bounds pass unchanged.
        let mismatched = CMAESBoundTransform(lower: [0], upper: [1, 2])([7, 8, 9])
        #expect(abs(mismatched[0] - 0.4) < 1e-12 && mismatched[1] == 8 && mismatched[2] == 9, "\(mismatched)")
        #expect(CMAESBoundTransform(lower: [0], upper: [1])([0.5, 8]) == [0.5, 8])
        for edge in [4.75, -4.75, 5.25 + 1e-9, -5.25 - 1e-9] {
            #expect(abs(box.transform(edge - 1e-9, at: 0) - box.transform(edge + 1e-9, at: 0)) < 1e-8)
        }
    }

    @Test("a linear function with its optimum on the bounds: the transformation reaches the corner, σ S √C_ii stays within a third of the range")
    func linearSlopeOnBounds() throws {
        let problem = try Problem(space: .box(5, lower: -5, upper: 5))
        var cmaes = try CMAES(problem: problem, seed: 3, initialSigma: 0.2, restarts: .none)
        var best = Double.infinity, spent = 0
        while spent < 3000, !cmaes.isFinished {
            let batch = try cmaes.ask()
            let values = batch.map { $0.genome.reduce(0, +) }
            best = min(best, values.min() ?? .infinity)
            try cmaes.tell(values.map { Fitness($0) })
            spent += batch.count
            for i in 0..<5 { #expect(cmaes.sigma * cmaes.stepScaling[i] * cmaes.covariance[i * 5 + i].squareRoot() <= 10.0 / 3 * exp(1e-4)) }
        }
        #expect(best <= -25 + 1e-9, "best \(best) after \(spent) evaluations")
        let clipped = try Problem(space: .box(5, lower: -5, upper: 5))
        #expect(try CMAES(problem: clipped, seed: 3, boundaryHandling: .problem).configuration["bounds"] == .string("problem"))
    }

    @Test("one generation's active update equals the tutorial's formulas computed by hand (pycma's regularized norm for negative weights)")
    func activeUpdate() throws {
        let problem = try Problem(space: ParameterSpace([.continuous("a", lower: -.infinity, upper: .infinity), .continuous("b", lower: -.infinity, upper: .infinity)]))
        var cmaes = try CMAES(problem: problem, seed: 3, start: [1, 2], initialSteps: [0.5, 0.5], populationSize: 6, constants: .tutorial)
        let batch = try cmaes.ask()
        let f = { (x: [Double]) in 3 * x[0] * x[0] + x[1] * x[1] }
        try cmaes.tell(batch.map { Fitness(f($0.genome)) })

        // By hand, C₀ = I, σ₀ = 0.5, m₀ = (1, 2), both paths 0 (so C^(−1/2) = I).
        let n = 2.0, sigma0 = 0.5, m0 = [1.0, 2.0]
        let p = CMAESParameters(dimension: 2, lambda: 6, active: true, constants: .tutorial)
        let order = batch.indices.sorted { f(batch[$0].genome) < f(batch[$1].genome) }
        let y = order.map { i in (0..<2).map { (batch[i].genome[$0] - m0[$0]) / sigma0 } }
        var yw = [0.0, 0.0]
        for rank in 0..<3 { for i in 0..<2 { yw[i] += p.weights[rank] * y[rank][i] } }
        let mean = (0..<2).map { m0[$0] + sigma0 * yw[$0] }
        let ps = yw.map { (p.cSigma * (2 - p.cSigma) * p.muEff).squareRoot() * $0 }
        let psNorm = (ps[0] * ps[0] + ps[1] * ps[1]).squareRoot()
        let hsig = psNorm / (1 - pow(1 - p.cSigma, 2)).squareRoot() < (1.4 + 2 / (n + 1)) * p.chiN
        let pc = yw.map { hsig ? (p.cC * (2 - p.cC) * p.muEff).squareRoot() * $0 : 0 }
        // Negative weights over the squared Mahalanobis norm, regularized as pycma's (‖y‖ + 10⁻⁹)².
        let wo = (0..<6).map { rank in
            let norm = (y[rank][0] * y[rank][0] + y[rank][1] * y[rank][1]).squareRoot() + 1e-9
            return p.weights[rank] >= 0 ? p.weights[rank] : p.weights[rank] * n / (norm * norm)
        }
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

    @Test("a flat fitness ends the run in its first generation (tolfun, as pycma) and restarts it with twice the population")
    func flatFitness() throws {
        let problem = try Problem(space: .box(3, lower: -1, upper: 1))
        var cmaes = try CMAES(problem: problem, seed: 1)
        try TestFunctions.run(&cmaes, evaluations: 7) { _ in 1 }  // one generation of λ = ⌊4 + 3 ln 3⌋ = 7
        #expect(cmaes.terminations == [.tolfun])
        #expect(cmaes.restarts == 1)
        _ = try cmaes.ask()
        #expect(cmaes.lambda == 14 && cmaes.lambda == Int((4 + 3 * log(3.0)) * 2))
        // Flat at the 75% rank but not everywhere: tolflatfitness after two such generations.
        var flat = try CMAES(problem: problem, seed: 1, restarts: .none)
        for _ in 0..<2 {
            let batch = try flat.ask()
            try flat.tell(batch.indices.map { Fitness($0 == batch.count - 1 ? 2 : 1) })
        }
        #expect(flat.terminations == [.tolflatfitness] && flat.isFinished)
    }

    @Test("stopsDominatedRuns (off by default): a run whose best is worse than an earlier run's by more than ten spreads ends (tolfundominated)")
    func dominatedRuns() throws {
        let problem = try Problem(space: .box(3, lower: -5, upper: 5))
        var cmaes = try CMAES(problem: problem, seed: 1, stopsDominatedRuns: true)
        var searchBest = Double.infinity, earlierBest = Double.infinity, runBest = Double.infinity
        var dominated = 0, spent = 0
        while spent < 20_000, dominated < 2 {
            let batch = try cmaes.ask()
            let values = batch.map { TestFunctions.rastrigin($0.genome) }
            // The samples of the run; an extra last individual is the previous run's final mean.
            let samples = Array(values.prefix(cmaes.lambda))
            earlierBest = min(earlierBest, values.dropFirst(cmaes.lambda).min() ?? .infinity)
            let ended = cmaes.terminations.count
            try cmaes.tell(values.map { Fitness($0) })
            spent += values.count
            runBest = min(runBest, samples.min() ?? .infinity)
            searchBest = min(searchBest, values.min() ?? .infinity)
            guard cmaes.terminations.count > ended else { continue }
            if cmaes.terminations.last == .tolfundominated {
                dominated += 1
                let spread = (samples.max() ?? 0) - (samples.min() ?? 0)
                #expect(runBest > earlierBest && runBest - earlierBest > 10 * spread, "run best \(runBest), earlier \(earlierBest), spread \(spread)")
            }
            earlierBest = searchBest
            runBest = .infinity
        }
        #expect(dominated > 0, "terminations \(cmaes.terminations)")
        // Off by default (pycma has no such criterion): the same search never ends a run so.
        var plain = try CMAES(problem: problem, seed: 1)
        #expect(!plain.stopsDominatedRuns)
        try TestFunctions.run(&plain, evaluations: 20_000, TestFunctions.rastrigin)
        #expect(plain.restarts > 0 && !plain.terminations.contains(.tolfundominated))
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

    @Test("a mean that no longer moves ends the run (pycma 4.x's tolxstagnation) where tolfun cannot")
    func meanStagnation() throws {
        // Σ √|x_i|: the values of a population of spread σ range over about √σ, so tolfun (1e-11) would need
        // σ ≈ 1e-22; with tolx off, the run ends when the mean has stayed within 1e-9 for 20 + g/10
        // generations.
        let problem = try Problem(space: .box(3, lower: -1, upper: 1))
        var cmaes = try CMAES(problem: problem, seed: 3, start: [0.5, -0.3, 0.2], restarts: .none, stepTolerance: 0)
        try TestFunctions.run(&cmaes, evaluations: 200_000) { $0.reduce(0) { $0 + abs($1).squareRoot() } }
        #expect(cmaes.isFinished)
        #expect(cmaes.terminations == [.tolxstagnation])
        // It ended near the optimum, long before the step could reach tolfun's scale, and no earlier than
        // 20 generations after the mean last moved by 1e-9.
        #expect(cmaes.mean.allSatisfy { abs($0) < 1e-7 }, "mean \(cmaes.mean)")
        #expect(cmaes.sigma > 1e-18 && cmaes.generation > 20, "σ \(cmaes.sigma), generation \(cmaes.generation)")
    }

    @Test("tolx is absolute as pycma's: the run ends when σ S_i max(|p_c,i|, √C_ii) < stepTolerance, whatever the start step")
    func absoluteStepTolerance() throws {
        let problem = try Problem(space: ParameterSpace((0..<2).map { .continuous("x\($0)", lower: -.infinity, upper: .infinity) }))
        for step in [1e-2, 1e3] {
            // tolfun off: the sphere's values shrink with σ², so only tolx (1e-4) can end the run first.
            var cmaes = try CMAES(
                problem: problem, seed: 5, start: [0.3, -0.2], initialSteps: [step, step], restarts: .none, functionTolerance: 0,
                stepTolerance: 1e-4)
            try TestFunctions.run(&cmaes, evaluations: 100_000, TestFunctions.sphere)
            #expect(cmaes.terminations == [.tolx], "start step \(step)")
            let widths = (0..<2).map { i in
                cmaes.sigma * cmaes.stepScaling[i] * max(abs(cmaes.pathC[i]), cmaes.covariance[i * 2 + i].squareRoot())
            }
            // Below 1e-4 (a relative tolerance would have stopped the 1e3 start at 0.1), and not long below it:
            // one generation shrinks σ by less than a factor 10 here.
            #expect(widths.allSatisfy { $0 < 1e-4 } && widths.contains { $0 > 1e-5 }, "start step \(step): \(widths)")
            #expect(cmaes.mean.allSatisfy { abs($0) < 1e-3 }, "mean \(cmaes.mean)")
        }
    }

    @Test("pendingGenotypes: the untransformed samples of the pending ask, which the transformation maps onto it")
    func pendingGenotypes() throws {
        let problem = try Problem(space: .box(3, lower: -1, upper: 1))
        var cmaes = try CMAES(problem: problem, seed: 8, initialSigma: 0.5)
        #expect(cmaes.pendingGenotypes == nil)
        let batch = try cmaes.ask()
        let genotypes = try #require(cmaes.pendingGenotypes)
        #expect(genotypes.count == batch.count)
        // σ = 1 on a box of width 2: some samples fall outside, so the genotypes differ from the genomes.
        #expect(zip(genotypes, batch).contains { $0 != $1.genome })
        for (genotype, individual) in zip(genotypes, batch) { #expect(cmaes.boundTransform(genotype) == individual.genome) }
        try cmaes.tell(batch.map { Fitness(TestFunctions.sphere($0.genome)) })
        #expect(cmaes.pendingGenotypes == nil)
        var clipped = try CMAES(problem: problem, seed: 8, boundaryHandling: .problem)
        _ = try clipped.ask()
        #expect(clipped.pendingGenotypes == nil)
    }

    @Test("a linear function on an unbounded space ends the run instead of diverging forever")
    func divergence() throws {
        let problem = try Problem(space: ParameterSpace((0..<3).map { .continuous("x\($0)", lower: -.infinity, upper: .infinity) }))
        var cmaes = try CMAES(problem: problem, seed: 4, start: [0, 0, 0], initialSteps: [1, 1, 1], restarts: .none)
        try TestFunctions.run(&cmaes, evaluations: 100_000) { $0[0] + $0[1] }
        #expect(cmaes.isFinished)
        let reason = try #require(cmaes.terminations.first)
        #expect([.tolfacupx, .tolupsigma, .conditioncov, .noeffectcoord, .noeffectaxis].contains(reason), "ended by \(reason)")
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

    @Test("BIPOP as pycma: the default run counts as small, so the first restart is large; then small runs (smaller step) while they used fewer evaluations; large ones double the population")
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
        #expect(runs[1].regime == .large && runs[1].small > 0 && runs[1].large == 0)
        let small = try #require(runs.first { $0.regime == .small })
        #expect(small.sigma <= sigma0 && small.sigma >= sigma0 / 100)
        for run in runs.dropFirst() {
            // Each restart goes to the regime that has used fewer evaluations (the default run's count as small).
            #expect((run.regime == .small) == (run.small < max(1, run.large)))
            if run.regime == .small { #expect(run.lambda >= lambda0) }
        }
        let large = runs.filter { $0.regime == .large }.map(\.lambda)
        let base = 4 + 3 * log(5.0)
        #expect(large.count >= 2 && large.enumerated().allSatisfy { $0.element == Int(base * Double(1 << $0.offset)) }, "large runs \(large)")
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

    @Test("a recorded state of another version is refused with a typed error, one without a version does not decode")
    func stateVersion() throws {
        let problem = try Problem(space: .box(3, lower: -1, upper: 1))
        var cmaes = try CMAES(problem: problem, seed: 2)
        try TestFunctions.run(&cmaes, evaluations: 70, TestFunctions.sphere)
        let data = try JSONEncoder().encode(cmaes)
        var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["version"] as? Int == CMAES.stateVersion)
        object["version"] = 1
        var old = try JSONDecoder().decode(CMAES.self, from: try JSONSerialization.data(withJSONObject: object))
        #expect(throws: AlgorithmError.self) { _ = try old.ask() }
        // A version-2 record (before tolxstagnation's state was recorded) decodes and is refused at its ask.
        object["version"] = 2
        object["meanStagnation"] = nil
        var previous = try JSONDecoder().decode(CMAES.self, from: try JSONSerialization.data(withJSONObject: object))
        let error = #expect(throws: AlgorithmError.self) { _ = try previous.ask() }
        #expect(error?.code == .resumeMismatch)
        // A version-3 record (before searchBest and stopsDominatedRuns) decodes and resumes as the version-4
        // state does (the rule it lacks is off), recorded as version 4 from its ask on.
        var current = try JSONDecoder().decode(CMAES.self, from: data)
        object["version"] = 3
        let recorded = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        object["meanStagnation"] = recorded["meanStagnation"]
        object["searchBest"] = nil
        object["dominatedRunsStop"] = nil
        var third = try JSONDecoder().decode(CMAES.self, from: try JSONSerialization.data(withJSONObject: object))
        #expect(!third.stopsDominatedRuns)
        #expect(try third.ask().map(\.genome) == current.ask().map(\.genome))
        #expect(third.version == CMAES.stateVersion)
        object["version"] = nil
        #expect(throws: DecodingError.self) { _ = try JSONDecoder().decode(CMAES.self, from: try JSONSerialization.data(withJSONObject: object)) }
    }
}
