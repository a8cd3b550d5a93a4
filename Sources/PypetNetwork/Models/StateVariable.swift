import PypetCore

/// A state variable of a neuron group that a ``StateMonitor`` can record.
public enum StateVariable: String, Sendable, Hashable, Codable, CaseIterable {
    /// The membrane potential (`mV`).
    case potential = "V"
    /// The excitatory synaptic current (`pA`) or conductance (`nS`).
    case excitatory = "I_syn_e"
    /// The inhibitory synaptic current (`pA`) or conductance (`nS`).
    case inhibitory = "I_syn_i"
    /// The adaptation current (`pA`).
    case adaptation = "w"
}
