import Foundation
import GSLRandom
@testable import PypetOptimizers
import Testing

/// Our univariate TPE model against Optuna 5.1's on the same history, from a dump of bench/tpe_lockstep.py
/// (`TPE_LOCKSTEP=<file> swift test --filter TPELockstep`): the below/above split, every kernel's mean,
/// width and weight, and `log l`, `log g` at the dumped points.
@Suite("TPE lockstep against an Optuna dump")
struct TPELockstepTests {
    struct Kernels: Decodable {
        let mus: [Double], sigmas: [Double], weights: [Double]
    }

    struct Coordinate: Decodable {
        let l: Kernels, g: Kernels
        let points: [Double]
        let log_l: [Double], log_g: [Double]
        /// Optuna's independent proposals for this coordinate.
        let proposals: [Double]
    }

    struct Dump: Decodable {
        let xs: [[Double]], values: [Double], below: [Int], dims: [Coordinate]
    }

    static let path = ProcessInfo.processInfo.environment["TPE_LOCKSTEP"]
    /// The seed of our proposals' streams (`TPE_LOCKSTEP_SEED`, 7 unless given).
    static let proposalSeed = ProcessInfo.processInfo.environment["TPE_LOCKSTEP_SEED"].flatMap { UInt64($0) } ?? 7

    @Test("the dumped history gives Optuna's split, kernels and densities", .enabled(if: path != nil))
    func lockstep() throws {
        let path = try #require(Self.path)
        let dump = try JSONDecoder().decode(Dump.self, from: try Data(contentsOf: URL(fileURLWithPath: path)))
        let d = dump.dims.count
        let problem = try Problem(space: .box(d, lower: -5, upper: 5))
        var tpe = try TPE(problem: problem, seed: 1)
        for (x, value) in zip(dump.xs, dump.values) {
            _ = try tpe.ask()
            try tpe.replacePending(with: [x])
            try tpe.tell([Fitness(value)])
        }
        let model = TPEModel(problem: problem, trials: tpe.trials)
        #expect(model.below == dump.below)
        let below = model.below.map { model.points[$0] }, above = model.above.map { model.points[$0] }
        var worst = (mu: 0.0, sigma: 0.0, weight: 0.0, logL: 0.0, logG: 0.0, ratio: 0.0)
        for (k, coordinate) in dump.dims.enumerated() {
            let l = ParzenEstimator(
                observations: below.map { [$0[k]] }, observationWeights: model.belowWeights, domains: [model.domains[k]])
            let g = ParzenEstimator(
                observations: above.map { [$0[k]] }, observationWeights: ParzenEstimator.defaultWeights(above.count),
                domains: [model.domains[k]])
            for (ours, theirs) in [(l, coordinate.l), (g, coordinate.g)] {
                #expect(ours.centres[0].count == theirs.mus.count)
                for (a, b) in zip(ours.centres[0], theirs.mus) { worst.mu = max(worst.mu, abs(a - b)) }
                for (a, b) in zip(ours.widths[0], theirs.sigmas) { worst.sigma = max(worst.sigma, abs(a - b) / b) }
                for (a, b) in zip(ours.weights, theirs.weights) { worst.weight = max(worst.weight, abs(a - b)) }
            }
            for (i, x) in coordinate.points.enumerated() {
                let logL = l.logDensity([x]), logG = g.logDensity([x])
                worst.logL = max(worst.logL, abs(logL - coordinate.log_l[i]))
                worst.logG = max(worst.logG, abs(logG - coordinate.log_g[i]))
                worst.ratio = max(worst.ratio, abs((logL - logG) - (coordinate.log_l[i] - coordinate.log_g[i])))
            }
        }
        print("TPE lockstep \(path): largest differences", worst)
        // The proposals' distribution: as many proposals of ours (independent streams) as Optuna's, the
        // two-sample Kolmogorov–Smirnov distance per coordinate.
        let count = dump.dims[0].proposals.count
        let ours = try (0..<count).map { i in
            model.propose(try RandomStream(seed: Self.proposalSeed, keys: [UInt64(i)]), liars: [], candidates: 24, multivariate: false, priorWeight: 1)
        }
        let distances = dump.dims.indices.map { k in Self.ksDistance(ours.map { $0[k] }, dump.dims[k].proposals) }
        let means = dump.dims.indices.map { k in
            (ours.map { $0[k] }.reduce(0, +) / Double(count), dump.dims[k].proposals.reduce(0, +) / Double(count))
        }
        print("TPE lockstep proposals: KS distances", distances.map { ($0 * 1000).rounded() / 1000 }, "critical (1%)",
              1.63 * (2 / Double(count)).squareRoot())
        print("TPE lockstep proposal means (ours, Optuna's)", means)
        #expect(worst.mu == 0 && worst.sigma < 1e-14 && worst.weight < 1e-14)
        #expect(worst.logL < 1e-10 && worst.logG < 1e-10 && worst.ratio < 1e-10)
    }

    /// The largest distance between the empirical distribution functions of `a` and `b`.
    static func ksDistance(_ a: [Double], _ b: [Double]) -> Double {
        let a = a.sorted(), b = b.sorted()
        var i = 0, j = 0, largest = 0.0
        while i < a.count && j < b.count {
            let x = min(a[i], b[j])
            while i < a.count && a[i] <= x { i += 1 }
            while j < b.count && b[j] <= x { j += 1 }
            largest = max(largest, abs(Double(i) / Double(a.count) - Double(j) / Double(b.count)))
        }
        return largest
    }
}
