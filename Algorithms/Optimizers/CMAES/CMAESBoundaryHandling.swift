/// How CMA-ES keeps its samples in a bounded space.
public enum CMAESBoundaryHandling: String, Sendable, Hashable, Codable, CaseIterable {
    /// pycma's default (`BoundTransform`): every sample (the genotype) is mapped into the box by a smooth
    /// periodic piecewise linear-quadratic transformation (``CMAESBoundTransform``); the fitness is that of the
    /// transformed point, while the mean, the paths and the covariance are updated from the untransformed
    /// genotypes. The identity inside the box except in margins of width `max(1, |bound|)/20` (at most half
    /// the range) along each bound, so the mean can sit on a bound (an optimum on the boundary) and the
    /// distribution is not distorted by clipping. The problem's ``BoundHandling`` is not used.
    case transform
    /// The problem's ``BoundHandling`` (`clip`, `reflect`, `penalty`, `resample`) applied to every sample; the
    /// update uses the repaired points.
    case problem
}
