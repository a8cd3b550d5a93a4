public import PypetCore

/// A leaky integrate-and-fire neuron: membrane time constant and capacitance, resting potential,
/// threshold, reset and refractory period, its synapses, and optional adaptation.
///
/// Between spikes `C dV/dt = -C/tau (V - E_L) + I_bias + I_syn - w`. When `V` exceeds the threshold the
/// neuron spikes, `V` is set to the reset and held there for the refractory period.
public struct NeuronModel: Sendable, Hashable {
    /// The membrane time constant (`ms`).
    public var membraneTimeConstant: Quantity
    /// The membrane capacitance (`pF`); with the time constant it fixes the leak conductance `C / tau`.
    public var capacitance: Quantity
    /// The resting (leak reversal) potential (`mV`).
    public var restingPotential: Quantity
    /// The spike threshold (`mV`).
    public var threshold: Quantity
    /// The potential after a spike (`mV`).
    public var reset: Quantity
    /// How long the potential stays at the reset after a spike (`ms`).
    public var refractoryPeriod: Quantity
    /// How synaptic input acts.
    public var synapses: SynapseModel
    /// Optional spike-triggered adaptation.
    public var adaptation: Adaptation?

    /// A model; the defaults are a typical cortical neuron with current synapses.
    public init(
        membraneTimeConstant: Quantity = 20 * .ms, capacitance: Quantity = 200 * .pF, restingPotential: Quantity = -70 * .mV,
        threshold: Quantity = -50 * .mV, reset: Quantity = -60 * .mV, refractoryPeriod: Quantity = 2 * .ms,
        synapses: SynapseModel = .currentBased(excitatoryDecay: 5 * .ms, inhibitoryDecay: 10 * .ms), adaptation: Adaptation? = nil
    ) {
        self.membraneTimeConstant = membraneTimeConstant
        self.capacitance = capacitance
        self.restingPotential = restingPotential
        self.threshold = threshold
        self.reset = reset
        self.refractoryPeriod = refractoryPeriod
        self.synapses = synapses
        self.adaptation = adaptation
    }

    /// The membrane resistance `tau / C`.
    public var resistance: Quantity {
        get throws(QuantityError) { try (membraneTimeConstant / capacitance).converted(to: .Mohm) }
    }
}
