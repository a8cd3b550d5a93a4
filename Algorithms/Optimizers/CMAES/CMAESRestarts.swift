/// How CMA-ES restarts when a run terminates (converged, stalled or degenerate; see
/// ``CMAESTermination``).
public enum CMAESRestarts: String, Sendable, Hashable, Codable, CaseIterable {
    /// No restart: the optimizer finishes when its first run terminates.
    case none
    /// IPOP (Auger and Hansen 2005): every restart doubles the population size.
    case ipop
    /// BIPOP (Hansen 2009): restarts alternate between a large-population regime (doubling as IPOP) and
    /// a small-population regime with a random smaller step size, choosing the regime that has used fewer
    /// evaluations so far.
    case bipop
}
