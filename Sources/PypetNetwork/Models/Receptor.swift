/// Which synaptic variable of the target neurons a projection drives.
public enum Receptor: String, Sendable, Hashable, Codable {
    /// The excitatory current or conductance.
    case excitatory
    /// The inhibitory current or conductance (currents are subtracted, conductances pull towards the
    /// inhibitory reversal potential).
    case inhibitory
}
