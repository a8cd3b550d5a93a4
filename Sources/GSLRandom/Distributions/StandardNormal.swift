internal import CGSL

/// The standard normal distribution's cumulative distribution function, its upper tail and its inverse,
/// through GSL (`gsl_cdf_ugaussian_P`, `_Q`, `_Pinv`, `_Qinv`): accurate in both tails, for truncated
/// normal kernels (TPE's Parzen estimators).
public enum StandardNormal {
    /// `Φ(x) = P(Z ≤ x)`.
    public static func cdf(_ x: Double) -> Double { gsl_cdf_ugaussian_P(x) }

    /// `1 − Φ(x) = P(Z > x)`, accurate where `Φ(x)` rounds to 1.
    public static func complementaryCDF(_ x: Double) -> Double { gsl_cdf_ugaussian_Q(x) }

    /// `Φ⁻¹(p)` for `p` in `0...1` (`-infinity` at 0, `infinity` at 1, NaN outside).
    public static func quantile(_ p: Double) -> Double {
        guard p >= 0, p <= 1 else { return .nan }
        if p == 0 { return -.infinity }
        if p == 1 { return .infinity }
        return gsl_cdf_ugaussian_Pinv(p)
    }

    /// `P(a < Z ≤ b)`, computed in the tail where it is accurate (`a ≤ b`; 0 otherwise).
    public static func probability(from a: Double, to b: Double) -> Double {
        guard a < b else { return 0 }
        if a >= 0 { return max(0, gsl_cdf_ugaussian_Q(a) - gsl_cdf_ugaussian_Q(b)) }
        if b <= 0 { return max(0, gsl_cdf_ugaussian_P(b) - gsl_cdf_ugaussian_P(a)) }
        return max(0, 1 - gsl_cdf_ugaussian_P(a) - gsl_cdf_ugaussian_Q(b))
    }
}
