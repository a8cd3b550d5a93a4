import Foundation

/// The strategy constants of CMA-ES for a dimension `n` and population size `λ`: pycma 4.x's defaults or
/// those of Hansen's tutorial (N. Hansen, "The CMA Evolution Strategy: A Tutorial", arXiv:1604.00772, 2016,
/// table 1) (``CMAESConstants``), including the negative recombination weights of the active covariance
/// update (the same rule in both).
public struct CMAESParameters: Sendable, Hashable {
    /// The dimension.
    public let dimension: Int
    /// The population size λ.
    public let lambda: Int
    /// The number of parents μ = ⌊λ/2⌋.
    public let mu: Int
    /// The recombination weights, one per rank (best first): the first μ positive and summing to 1, the
    /// others zero (passive update) or negative (active update).
    public let weights: [Double]
    /// The variance effective selection mass of the positive weights.
    public let muEff: Double
    /// The same of the negative weights (μ_eff⁻; 0 without active update).
    public let muEffNegative: Double
    /// The learning rate of the step-size path.
    public let cSigma: Double
    /// The damping of the step-size update.
    public let dSigma: Double
    /// The learning rate of the covariance path.
    public let cC: Double
    /// The learning rate of the rank-one update.
    public let c1: Double
    /// The learning rate of the rank-μ update.
    public let cMu: Double
    /// E‖N(0, I)‖: exact (pycma) or approximated as in the tutorial.
    public let chiN: Double
    /// Which defaults the constants follow.
    public let constants: CMAESConstants

    /// The constants for dimension `n` and population size `lambda` (≥ 2); `active` gives the λ − μ worst
    /// ranks negative weights.
    public init(dimension n: Int, lambda: Int, active: Bool, constants: CMAESConstants = .pycma) {
        let dn = Double(n)
        dimension = n
        self.lambda = lambda
        let mu = lambda / 2
        self.mu = mu
        // w'_i = ln((λ + 1) / 2) − ln i, i = 1...λ.
        let raw = (1...lambda).map { log((Double(lambda) + 1) / 2) - log(Double($0)) }
        let positive = raw.prefix(mu), negative = raw.dropFirst(mu)
        let positiveSum = positive.reduce(0, +)
        let positiveSquares = positive.reduce(0) { $0 + $1 * $1 }
        muEff = positiveSum * positiveSum / positiveSquares
        let negativeSum = negative.reduce(0, +)
        let negativeSquares = negative.reduce(0) { $0 + $1 * $1 }
        muEffNegative = negativeSquares > 0 ? negativeSum * negativeSum / negativeSquares : 0

        self.constants = constants
        let alphaCov = 2.0
        switch constants {
        case .tutorial:
            c1 = alphaCov / ((dn + 1.3) * (dn + 1.3) + muEff)
            cMu = min(1 - c1, alphaCov * (muEff - 2 + 1 / muEff) / ((dn + 2) * (dn + 2) + alphaCov * muEff / 2))
            cSigma = (muEff + 2) / (dn + muEff + 5)
            dSigma = 1 + 2 * max(0, ((muEff - 1) / (dn + 1)).squareRoot() - 1) + cSigma
        case .pycma:
            c1 = min(1, Double(lambda) / 6) * alphaCov / ((dn + 1.3) * (dn + 1.3) + muEff)
            cMu = min(1 - c1, alphaCov * (0.25 + muEff - 2 + 1 / muEff) / ((dn + 2) * (dn + 2) + alphaCov * muEff / 2))
            cSigma = min(0.5, (muEff + 2) / (dn + muEff + 3))
            let inner = max(1, 3 * (1 - pow(0.5, dn / 9)))
            dSigma = 1 + 2 * max(0, inner * ((muEff - 1) / (dn + 1)).squareRoot() - 1) + cSigma
        }
        cC = (4 + muEff / dn) / (dn + 4 + 2 * muEff / dn)
        switch constants {
        case .tutorial: chiN = dn.squareRoot() * (1 - 1 / (4 * dn) + 1 / (21 * dn * dn))
        // pycma: the exact √2 Γ((n + 1)/2) / Γ(n/2).
        case .pycma: chiN = 2.0.squareRoot() * exp(lgamma((dn + 1) / 2) - lgamma(dn / 2))
        }

        var weights = raw.map { $0 >= 0 ? $0 / positiveSum : 0 }
        if active, mu < lambda, negativeSum < 0 {
            let alphaMu = 1 + c1 / cMu
            let alphaMuEff = 1 + 2 * muEffNegative / (muEff + 2)
            let alphaPosDef = (1 - c1 - cMu) / (dn * cMu)
            let scale = min(alphaMu, alphaMuEff, alphaPosDef) / -negativeSum
            for index in mu..<lambda where raw[index] < 0 { weights[index] = raw[index] * scale }
        }
        self.weights = weights
    }

    /// Whether the rank-one update takes the new path `p_c` (`h_σ = 1`) in the run's generation `g` (from 1),
    /// given `‖p_σ‖²`.
    public func hSigma(pathSigmaSquaredNorm squared: Double, generation g: Int) -> Bool {
        let dn = Double(dimension)
        let correction = 1 - pow(1 - cSigma, 2 * Double(g))
        switch constants {
        case .tutorial:
            return (squared / correction).squareRoot() < (1.4 + 2 / (dn + 1)) * chiN
        case .pycma:
            return squared / correction / dn - 1 < 1 + 4 / (dn + 1)
        }
    }
}
