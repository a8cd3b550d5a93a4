import Foundation
import GSLRandom
import PypetOptimizers
import Testing

@Suite("TPE")
struct TPETests {
    @Test("continuous Parzen estimator: kernel widths and density at hand-computed values")
    func continuousDensity() {
        // Observations 2 and 5 in [0, 10], prior at 5 of width 10. Neighbour widths among 0, 2, 5, 10 with the
        // outermost rule: 3 and 3; magic clip keeps them in 10/4 ... 10. Weights 1/3 each.
        let estimator = ParzenEstimator(observations: [[2], [5]], observationWeights: [1, 1], domains: [.continuous(low: 0, high: 10)])
        #expect(estimator.widths[0] == [3, 3, 10])
        #expect(estimator.centres[0] == [2, 5, 5])
        // Σ w_i φ((x − μ_i)/σ_i) / (σ_i Z_i), Z_i = Φ((10 − μ_i)/σ_i) − Φ(−μ_i/σ_i), by hand (Python, math.erf);
        // Optuna 5.1's _ParzenEstimator gives the same.
        #expect(abs(exp(estimator.logDensity([3])) - 0.12966927201825412) < 1e-13)
        #expect(abs(exp(estimator.logDensity([9.5])) - 0.049914166073356664) < 1e-13)
    }

    @Test("integer Parzen estimator: probabilities of whole values, summing to 1")
    func discreteDensity() {
        // Observation 1 in 0...4 (domain −0.5...4.5): width max(1.5, 3.5) = 3.5 (within 5/3 ... 5); prior at 2,
        // width 5. P(k) = Σ w_i [Φ((k + ½ − μ_i)/σ_i) − Φ((k − ½ − μ_i)/σ_i)] / Z_i by hand; Optuna 5.1 agrees.
        let estimator = ParzenEstimator(observations: [[1]], observationWeights: [1], domains: [.discrete(low: 0, high: 4)])
        #expect(estimator.widths[0] == [3.5, 5])
        #expect(abs(exp(estimator.logDensity([1])) - 0.21393519931289662) < 1e-13)
        #expect(abs(exp(estimator.logDensity([4])) - 0.1737846959301756) < 1e-13)
        let total = (0...4).reduce(0.0) { $0 + exp(estimator.logDensity([Double($1)])) }
        #expect(abs(total - 1) < 1e-13)
    }

    @Test("categorical Parzen estimator: 10/21, 4/21, 7/21 for observations 0, 0, 2 of three categories")
    func categoricalDensity() {
        let estimator = ParzenEstimator(observations: [[0], [0], [2]], observationWeights: [1, 1, 1], domains: [.categorical(count: 3)])
        // Kernels spread 1/4 over each category and add 1 on the observed one: 5/7 there, 1/7 elsewhere; the
        // prior is uniform; weights 1/4. P(0) = (5/7 + 5/7 + 1/7 + 1/3)/4 = 10/21 (Optuna 5.1 agrees).
        #expect(abs(exp(estimator.logDensity([0])) - 10.0 / 21) < 1e-15)
        #expect(abs(exp(estimator.logDensity([1])) - 4.0 / 21) < 1e-15)
        #expect(abs(exp(estimator.logDensity([2])) - 7.0 / 21) < 1e-15)
    }

    @Test("without observations the estimator is its prior: the truncated normal of width high − low in the middle")
    func priorOnly() {
        let estimator = ParzenEstimator(observations: [], observationWeights: [], domains: [.continuous(low: 0, high: 10)])
        #expect(estimator.weights == [1] && estimator.widths[0] == [10] && estimator.centres[0] == [5])
        // φ(0.2)/10 / (Φ(0.5) − Φ(−0.5)) at x = 7 (by hand: 0.0391042694 / 0.3829249225).
        #expect(abs(exp(estimator.logDensity([7])) - 0.10211993812609874) < 1e-13)
    }

    @Test("Optuna's default weights: ones up to 25, then a ramp from 1/n for the oldest")
    func weights() {
        #expect(ParzenEstimator.defaultWeights(3) == [1, 1, 1])
        let w = ParzenEstimator.defaultWeights(30)
        #expect(w.count == 30 && w.suffix(25).allSatisfy { $0 == 1 })
        #expect(abs(w[0] - 1.0 / 30) < 1e-15 && abs(w[4] - 1) < 1e-15 && w[1] < w[2])
    }

    @Test("beats random search on the 5-D sphere with 200 trials (univariate and multivariate)")
    func sphere() throws {
        let problem = try Problem(space: .box(5, lower: -5, upper: 5))
        var random = try RandomSearch(problem: problem, seed: 3, batchSize: 1)
        let randomBest = try TestFunctions.run(&random, evaluations: 200, TestFunctions.sphere)
        for multivariate in [false, true] {
            var tpe = try TPE(problem: problem, seed: 3, multivariate: multivariate)
            let best = try TestFunctions.run(&tpe, evaluations: 200, TestFunctions.sphere)
            #expect(best < randomBest / 3, "TPE (multivariate \(multivariate)) \(best), random search \(randomBest)")
            print("TPE sphere 5-D, 200 trials, multivariate \(multivariate):", best, "random search:", randomBest)
        }
    }

    @Test("mixed space: logarithmic, integer and categorical values stay valid and the best category wins")
    func mixed() throws {
        let problem = try Problem(space: ParameterSpace([
            .logarithmic("rate", lower: 1e-5, upper: 1), .integer("layers", lower: 1, upper: 8),
            .categorical("kind", values: [.string("a"), .string("b"), .string("c")]),
        ]))
        var tpe = try TPE(problem: problem, seed: 11, batchSize: 4)
        var proposals: [[Double]] = []
        for _ in 0..<40 {
            let batch = try tpe.ask()
            #expect(Set(batch.map(\.genome)).count == batch.count, "the constant liar keeps a batch's proposals apart")
            proposals += batch.map(\.genome)
            try tpe.tell(batch.map { individual in
                let x = individual.genome
                return Fitness(pow(log10(x[0]) + 3, 2) + abs(x[1] - 3) + (x[2] == 1 ? 0 : 5))
            })
        }
        for x in proposals {
            #expect(x[0] >= 1e-5 && x[0] <= 1 && x[1] == x[1].rounded() && (1...8).contains(x[1]) && [0, 1, 2].contains(x[2]))
        }
        let late = proposals.suffix(60)
        #expect(late.filter { $0[2] == 1 }.count >= 40, "category b in \(late.filter { $0[2] == 1 }.count) of the last 60")
        let best = try #require(tpe.trials.min { ($0.fitness?.value ?? .infinity) < ($1.fitness?.value ?? .infinity) })
        #expect((best.fitness?.value ?? .infinity) < 0.5, "best \(best.genome): \(best.fitness?.value ?? .nan)")
    }

    @Test("state encoded mid-run continues bit-identically after decoding")
    func resume() throws {
        let problem = try Problem(space: .box(3, lower: -5, upper: 5))
        var original = try TPE(problem: problem, seed: 2, batchSize: 2)
        try TestFunctions.run(&original, evaluations: 40, TestFunctions.rastrigin)
        var copy = try JSONDecoder().decode(TPE.self, from: try JSONEncoder().encode(original))
        #expect(copy == original)
        for _ in 0..<20 {
            let a = try original.ask(), b = try copy.ask()
            #expect(a == b)
            try original.tell(a.map { Fitness(TestFunctions.rastrigin($0.genome)) })
            try copy.tell(b.map { Fitness(TestFunctions.rastrigin($0.genome)) })
        }
        #expect(copy == original)
    }

    @Test("failed trials are left out of the model; invalid settings are typed errors")
    func failuresAndErrors() throws {
        let problem = try Problem(space: .box(2, lower: 0, upper: 1))
        var tpe = try TPE(problem: problem, seed: 1, startupTrials: 2)
        _ = try tpe.ask()
        try tpe.tell(partial: [])
        #expect(tpe.trials.count == 1 && tpe.trials[0].failure != nil)
        #expect(throws: AlgorithmError.self) { try TPE(problem: problem, seed: 1, candidates: 0) }
        #expect(throws: AlgorithmError.self) { try TPE(problem: problem, seed: 1, batchSize: 0) }
        #expect(throws: AlgorithmError.self) {
            try TPE(problem: try Problem(space: ParameterSpace([.continuous("x", lower: 0, upper: .infinity)])), seed: 1)
        }
    }
}
