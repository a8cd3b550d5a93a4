/// Which set of default strategy constants CMA-ES uses (``CMAESParameters``).
public enum CMAESConstants: String, Sendable, Hashable, Codable, CaseIterable {
    /// pycma 4.x's defaults: `c_1 = min(1, λ/6) · 2 / ((n + 1.3)² + μ_eff)`,
    /// `c_μ = min(1 − c_1, 2 (1/4 + μ_eff − 2 + 1/μ_eff) / ((n + 2)² + μ_eff))`,
    /// `c_σ = min(1/2, (μ_eff + 2) / (n + μ_eff + 3))`,
    /// `d_σ = 1 + 2 max(0, max(1, 3 (1 − 2^(−n/9))) √((μ_eff − 1) / (n + 1)) − 1) + c_σ` and the stall of the
    /// rank-one update when `‖p_σ‖² / (n (1 − (1 − c_σ)^(2g))) − 1 ≥ 1 + 4 / (n + 1)`.
    case pycma
    /// The constants of Hansen's tutorial (2016, table 1) and its `h_σ` rule
    /// (`‖p_σ‖ / √(1 − (1 − c_σ)^(2g)) < (1.4 + 2 / (n + 1)) E‖N(0, I)‖`).
    case tutorial
}
