/// Why a CMA-ES run ended (pycma's names). Each triggers a restart, or finishes the optimizer when no
/// restart is left.
public enum CMAESTermination: String, Sendable, Hashable, Codable, CaseIterable {
    /// The best values of the last `10 + 30 n / λ` generations and all current values lie within
    /// `functionTolerance`.
    case tolfun
    /// The best values of the last `10 + 30 n / λ` generations (more than 9) lie within 10⁻¹².
    case tolfunhist
    /// Some coordinate's standard deviation `σ √C_ii` grew beyond 1000 times its initial one.
    case tolfacupx
    /// The run reached pycma's `maxiter`, `100 + 150 (n + 3)² / √λ₀` generations (BIPOP's small runs: at
    /// most half the large regime's evaluations).
    case maxiter
    /// The step size times every coordinate's standard deviation and evolution path fell below
    /// `stepTolerance` (absolute, in the problem's units, as pycma's `tolx`).
    case tolx
    /// Not pycma's (only with ``CMAES/stopsDominatedRuns``, default off): an earlier run found a value better than this
    /// run's best by more than ten times the spread of its current values and more than its best values'
    /// range over the last `W = 10 + 30 n / λ` generations times the generations left to `maxiter` over `W`
    /// (at least ten times): converging, it cannot close the gap, nor creeping at its recent rate.
    case tolfundominated
    /// The median of the recent best and median values stopped improving (pycma's rule: see
    /// `tolstagnation` in the README).
    case tolstagnation
    /// The mean stopped moving: it stayed within 10⁻⁹ (growing as `√(Δg / T)` after `T` generations) of
    /// where it was more than `T = 20 + 0.1 g` generations ago, `g` the run's generation (pycma 4.x's
    /// `tolxstagnation`, default `[1e-9, 20, 0.1]`).
    case tolxstagnation
    /// The best value equalled the value at rank `⌊0.75 λ⌋` in two generations in a row.
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
