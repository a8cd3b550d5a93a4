import Foundation
import GSLRandom

extension CMAES {
    /// One generation's update of mean, paths, covariance (active when ``activeUpdate``) and step size, as
    /// in Hansen's tutorial (2016) with the constants of ``constants``, then the eigendecomposition of the
    /// new covariance through GSL. Under ``CMAESBoundaryHandling/transform`` the samples are the
    /// untransformed genotypes of the ask.
    mutating func update(with evaluated: [Individual]) {
        let order = Selection.sortedBestFirst(evaluated)
        recordValues(evaluated, order: order)
        let p = CMAESParameters(dimension: n, lambda: evaluated.count, active: activeUpdate, constants: constants)
        let dn = Double(n)

        // y_i = (x_i − m) / σ for every rank, then the new mean m + σ Σ_{i≤μ} w_i y_i (c_m = 1).
        let old = mean
        let useGenotypes = genotypes.count == evaluated.count * n
        var ys = order.map { index in
            (0..<n).map { ((useGenotypes ? genotypes[index * n + $0] : evaluated[index].genome[$0]) - old[$0]) / (sigma * stepScaling[$0]) }
        }
        // Given points (replacePending): steps at most √n + 2n/(n + 2) long in the Mahalanobis norm, no
        // negative weight.
        var w = p.weights
        let longest = dn.squareRoot() + 2 * dn / (dn + 2)
        for rank in order.indices where order[rank] < injectedCount {
            let length = inverseSquareRoot(ys[rank]).reduce(0) { $0 + $1 * $1 }.squareRoot()
            if length > longest { ys[rank] = ys[rank].map { $0 * longest / length } }
            w[rank] = max(0, w[rank])
        }
        var yw = [Double](repeating: 0, count: n)
        for rank in 0..<p.mu { for i in 0..<n { yw[i] += w[rank] * ys[rank][i] } }
        for i in 0..<n { mean[i] = old[i] + sigma * stepScaling[i] * yw[i] }

        // p_σ ← (1 − c_σ) p_σ + √(c_σ (2 − c_σ) μ_eff) C^(−1/2) y_w.
        let whitened = inverseSquareRoot(yw)
        let scaleS = (p.cSigma * (2 - p.cSigma) * p.muEff).squareRoot()
        for i in 0..<n { pathSigma[i] = (1 - p.cSigma) * pathSigma[i] + scaleS * whitened[i] }
        let squaredS = pathSigma.reduce(0) { $0 + $1 * $1 }
        let normS = squaredS.squareRoot()
        let hsig = p.hSigma(pathSigmaSquaredNorm: squaredS, generation: runGeneration + 1)
        // p_c ← (1 − c_c) p_c + h_σ √(c_c (2 − c_c) μ_eff) y_w.
        let scaleC = (p.cC * (2 - p.cC) * p.muEff).squareRoot()
        for i in 0..<n { pathC[i] = (1 - p.cC) * pathC[i] + (hsig ? scaleC * yw[i] : 0) }

        // w°_i = w_i for w_i ≥ 0, w_i · n / (‖C^(−1/2) y_i‖ + 10⁻⁹)² otherwise (pycma's regularized norm).
        var effective = w
        for rank in 0..<ys.count where w[rank] < 0 {
            let norm = inverseSquareRoot(ys[rank]).reduce(0) { $0 + $1 * $1 }.squareRoot() + 1e-9
            effective[rank] = w[rank] * dn / (norm * norm)
        }
        // C ← (1 + c_1 δ(h_σ) − c_1 − c_μ Σ w_j) C + c_1 p_c p_cᵀ + c_μ Σ w°_i y_i y_iᵀ.
        let delta = hsig ? 0 : p.cC * (2 - p.cC)
        let decay = 1 + p.c1 * delta - p.c1 - p.cMu * w.reduce(0, +)
        let used = (0..<ys.count).filter { effective[$0] != 0 }
        for i in 0..<n {
            for j in 0...i {
                var rankMu = 0.0
                for rank in used { rankMu += effective[rank] * ys[rank][i] * ys[rank][j] }
                let value = decay * covariance[i * n + j] + p.c1 * pathC[i] * pathC[j] + p.cMu * rankMu
                covariance[i * n + j] = value
                covariance[j * n + i] = value
            }
        }
        // σ ← σ exp((c_σ / d_σ) (‖p_σ‖ / E‖N(0, I)‖ − 1)), the exponent within ±1.
        sigma *= exp(min(1, max(-1, (p.cSigma / p.dSigma) * (normS / p.chiN - 1))))
        limitSteps()
        decompose()
    }

    /// pycma's `maxstd_boundrange`: a coordinate's standard deviation `σ S_i √C_ii` above a third of its
    /// (finite) range shrinks its scaling `S_i` so that it equals a third (with a tolerance of `e^(10⁻⁴)` in
    /// a run's first two generations).
    mutating func limitSteps() {
        let lower = problem.space.lowerBounds, upper = problem.space.upperBounds
        let tolerance = runGeneration < 2 ? exp(1e-4) : 1
        for i in 0..<n {
            let limit = (upper[i] - lower[i]) / 3
            guard limit.isFinite, limit > 0 else { continue }
            let deviation = sigma * stepScaling[i] * covariance[i * n + i].squareRoot()
            if deviation > limit * tolerance, deviation.isFinite { stepScaling[i] *= limit / deviation }
        }
    }

    /// Records the generation's values as pycma does: the best of the last `10 + 30 n / λ` generations, the
    /// best and median of every fifth generation, the run's best and when it was found, and whether the
    /// best value equals the value at rank `⌊0.75 λ⌋` (a flat fitness).
    mutating func recordValues(_ evaluated: [Individual], order: [Int]) {
        // Values to minimize: the weighted values (larger is better) negated.
        let sorted = order.map { -(evaluated[$0].weighted.first ?? -.infinity) }
        guard let best = sorted.first else { return }
        let count = sorted.count
        let median = count % 2 == 1 ? sorted[count / 2] : (sorted[count / 2 - 1] + sorted[count / 2]) / 2
        recentBest.append(best)
        let limit = 10 + 30 * Double(n) / Double(max(1, count))
        while Double(recentBest.count) > limit { recentBest.removeFirst() }
        if (runGeneration + 1) % 5 == 0 {
            bestHistory.append(best)
            medianHistory.append(median)
            if bestHistory.count > Self.historyLimit {
                bestHistory.removeFirst(bestHistory.count - Self.historyLimit)
                medianHistory.removeFirst(medianHistory.count - Self.historyLimit)
            }
        }
        if best < runBest {
            runBest = best
            runBestEvaluations = runEvaluations
        }
        // (By rank, so that feasibility-first ranking under constraints counts as well.)
        let flat = !evaluated[order[0]].isBetter(than: evaluated[order[Int(0.75 * Double(count))]])
        flatGenerations = flat ? flatGenerations + 1 : 0
    }

    /// `C^(−1/2) v = B D⁻¹ Bᵀ v`.
    func inverseSquareRoot(_ v: [Double]) -> [Double] {
        var projected = [Double](repeating: 0, count: n)
        for k in 0..<n {
            var dot = 0.0
            for i in 0..<n { dot += eigenvectors[i * n + k] * v[i] }
            projected[k] = dot / max(axes[k], 1e-300)
        }
        var result = [Double](repeating: 0, count: n)
        for i in 0..<n { for k in 0..<n { result[i] += eigenvectors[i * n + k] * projected[k] } }
        return result
    }

    /// `C = B D² Bᵀ` through GSL; leaves `axes` empty when the covariance has no decomposition (the run then
    /// terminates with ``CMAESTermination/numerical``).
    mutating func decompose() {
        guard let eigen = try? SymmetricEigen(covariance, size: n), let smallest = eigen.values.first, smallest > 0 else {
            axes = []
            return
        }
        eigenvectors = eigen.vectors
        axes = eigen.values.map { $0.squareRoot() }
    }

    /// The longest history of best and median values kept for ``CMAESTermination/tolstagnation``.
    static var historyLimit: Int { 20_000 }
}
