/// Why a CMA-ES run ended (pycma's names). Each triggers a restart, or finishes the optimizer when no
/// restart is left.
public enum CMAESTermination: String, Sendable, Hashable, Codable, CaseIterable {
    /// The best values of the last `10 + ⌈30 n / λ⌉` generations and all current values lie within
    /// `functionTolerance`.
    case tolfun
    /// The step size times every coordinate's standard deviation and evolution path fell below
    /// `stepTolerance` times the initial step.
    case tolx
    /// The median of the recent best and median values stopped improving (the last 30% of a window of at
    /// least `120 + 30 n / λ` generations is not better than its first 30%).
    case tolstagnation
    /// The best and the median value of a generation were equal in two generations in a row.
    case tolflatfitness
    /// Adding a tenth of a standard deviation along a principal axis does not change the mean.
    case noeffectaxis
    /// Adding a fifth of a standard deviation to a coordinate does not change it.
    case noeffectcoord
    /// The step size grew more than 10²⁰ times beyond the initial one (the run creeps or diverges).
    case tolupsigma
    /// The covariance matrix's condition number exceeds 10¹⁴.
    case conditioncov
    /// The step size or the mean is no longer finite, or the covariance has no eigendecomposition.
    case numerical
}
