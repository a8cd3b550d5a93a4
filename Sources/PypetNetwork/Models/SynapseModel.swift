public import PypetCore

/// How a neuron's synaptic inputs act on its membrane. Every incoming spike increments the excitatory or
/// inhibitory variable by the synapse's weight; between spikes each variable decays exponentially.
public enum SynapseModel: Sendable, Hashable {
    /// Synaptic currents (weights in amperes, e.g. `pA`): excitatory currents depolarise, inhibitory ones
    /// hyperpolarise. The membrane equation stays linear and is integrated exactly.
    case currentBased(excitatoryDecay: Quantity, inhibitoryDecay: Quantity)
    /// Synaptic currents shaped as a difference of exponentials (weights in amperes): a spike of weight
    /// `w` adds `w` to a rise variable `x` (`dx/dt = -x / tau_r`) that feeds the current
    /// (`dI/dt = -I / tau_d + x / tau_r`), so that
    /// `I(t) = w tau_d / (tau_d - tau_r) (e^{-t/tau_d} - e^{-t/tau_r})`: the current rises in about
    /// `tau_r`, decays with `tau_d` and carries the charge `w tau_d`, the same as ``currentBased(excitatoryDecay:inhibitoryDecay:)``
    /// with the same weight and decay (its limit for `tau_r -> 0`). Litwin-Kumar and Doiron's synapses.
    /// Each rise time must be positive and shorter than its decay. The membrane equation stays linear
    /// and is integrated exactly.
    case currentBasedDualExponential(excitatoryRise: Quantity, excitatoryDecay: Quantity, inhibitoryRise: Quantity, inhibitoryDecay: Quantity)
    /// Synaptic conductances (weights in siemens, e.g. `nS`) with reversal potentials. Integrated with the
    /// exponential Euler step (conductances held over a time step, the membrane solved exactly).
    case conductanceBased(excitatoryDecay: Quantity, inhibitoryDecay: Quantity, excitatoryReversal: Quantity, inhibitoryReversal: Quantity)

    /// The unit a synaptic weight must convert to: `pA` for currents, `nS` for conductances.
    public var weightUnit: PhysicalUnit {
        switch self {
        case .currentBased, .currentBasedDualExponential: .pA
        case .conductanceBased: .nS
        }
    }

    /// Whether spikes drive rise variables that feed the synaptic currents (a difference of exponentials).
    var hasRise: Bool {
        if case .currentBasedDualExponential = self { return true }
        return false
    }
}
