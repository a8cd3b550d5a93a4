import Foundation
import GSLRandom

extension CMAES {
    /// One generation's update of mean, paths, covariance (active when ``activeUpdate``) and step size, as
    /// in Hansen's tutorial (2016), then the eigendecomposition of the new covariance through GSL.
    mutating func update(with evaluated: [Individual]) {
        let order = Selection.sortedBestFirst(evaluated)
        if let best = order.first, let value = evaluated[best].fitness?.value {
            let median = evaluated[order[order.count / 2]].fitness?.value ?? value
            bestHistory.append(value)
            medianHistory.append(median)
            if bestHistory.count > Self.historyLimit {
                bestHistory.removeFirst(bestHistory.count - Self.historyLimit)
                medianHistory.removeFirst(medianHistory.count - Self.historyLimit)
            }
            flatGenerations = value == median ? flatGenerations + 1 : 0
        }
        let p = CMAESParameters(dimension: n, lambda: evaluated.count, active: activeUpdate)
        let w = p.weights
        let dn = Double(n)

        // y_i = (x_i − m) / σ for every rank, then the new mean m + σ Σ_{i≤μ} w_i y_i (c_m = 1).
        let old = mean
        let ys = order.map { index in (0..<n).map { (evaluated[index].genome[$0] - old[$0]) / sigma } }
        var yw = [Double](repeating: 0, count: n)
        for rank in 0..<p.mu { for i in 0..<n { yw[i] += w[rank] * ys[rank][i] } }
        for i in 0..<n { mean[i] = old[i] + sigma * yw[i] }

        // p_σ ← (1 − c_σ) p_σ + √(c_σ (2 − c_σ) μ_eff) C^(−1/2) y_w.
        let whitened = inverseSquareRoot(yw)
        let scaleS = (p.cSigma * (2 - p.cSigma) * p.muEff).squareRoot()
        for i in 0..<n { pathSigma[i] = (1 - p.cSigma) * pathSigma[i] + scaleS * whitened[i] }
        let normS = pathSigma.reduce(0) { $0 + $1 * $1 }.squareRoot()
        let hsig = normS / (1 - pow(1 - p.cSigma, 2 * Double(runGeneration + 1))).squareRoot() < (1.4 + 2 / (dn + 1)) * p.chiN
        // p_c ← (1 − c_c) p_c + h_σ √(c_c (2 − c_c) μ_eff) y_w.
        let scaleC = (p.cC * (2 - p.cC) * p.muEff).squareRoot()
        for i in 0..<n { pathC[i] = (1 - p.cC) * pathC[i] + (hsig ? scaleC * yw[i] : 0) }

        // w°_i = w_i for w_i ≥ 0, w_i · n / ‖C^(−1/2) y_i‖² otherwise.
        var effective = w
        for rank in 0..<ys.count where w[rank] < 0 {
            let norm = inverseSquareRoot(ys[rank]).reduce(0) { $0 + $1 * $1 }
            effective[rank] = norm > 0 ? w[rank] * dn / norm : 0
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
        // σ ← σ exp((c_σ / d_σ) (‖p_σ‖ / E‖N(0, I)‖ − 1)).
        sigma *= exp(min(1, (p.cSigma / p.dSigma) * (normS / p.chiN - 1)))
        decompose()
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
