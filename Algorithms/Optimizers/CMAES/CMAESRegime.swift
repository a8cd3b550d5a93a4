/// The regime of a CMA-ES run under BIPOP restarts (IPOP runs are all `large`).
public enum CMAESRegime: String, Sendable, Hashable, Codable {
    /// The default run and the IPOP-like restarts with a doubled population.
    case large
    /// The restarts with a population between the default and half the current large one, and a step size
    /// shrunk by a random factor in 10⁻²...1.
    case small
}
