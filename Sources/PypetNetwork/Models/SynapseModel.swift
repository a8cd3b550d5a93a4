public import PypetCore

/// How a neuron's synaptic inputs act on its membrane. Every incoming spike increments the excitatory or
/// inhibitory variable by the synapse's weight; between spikes each variable decays exponentially.
public enum SynapseModel: Sendable, Hashable {
    /// Synaptic currents (weights in amperes, e.g. `pA`): excitatory currents depolarise, inhibitory ones
    /// hyperpolarise. The membrane equation stays linear and is integrated exactly.
    case currentBased(excitatoryDecay: Quantity, inhibitoryDecay: Quantity)
    /// Synaptic conductances (weights in siemens, e.g. `nS`) with reversal potentials. Integrated with the
    /// exponential Euler step (conductances held over a time step, the membrane solved exactly).
    case conductanceBased(excitatoryDecay: Quantity, inhibitoryDecay: Quantity, excitatoryReversal: Quantity, inhibitoryReversal: Quantity)

    /// The unit a synaptic weight must convert to: `pA` for currents, `nS` for conductances.
    public var weightUnit: PhysicalUnit {
        switch self {
        case .currentBased: .pA
        case .conductanceBased: .nS
        }
    }
}
