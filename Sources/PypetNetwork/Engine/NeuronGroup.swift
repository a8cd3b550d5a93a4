import Foundation
public import GSLRandom
public import PypetCore

/// A group of leaky integrate-and-fire neurons sharing one ``NeuronModel``; each neuron has its own
/// potential, synaptic variables, adaptation current and constant bias current.
///
/// The linear parts are integrated exactly per time step: with current synapses the whole membrane
/// equation (constant bias, exponentially decaying synaptic and adaptation currents) is solved in
/// closed form; with conductance synapses the conductances are held over the step and the membrane is
/// solved exactly (exponential Euler).
public final class NeuronGroup: SpikeSource {
    public let name: String
    public let size: Int
    /// The model.
    public let model: NeuronModel
    var compiled: CompiledNeuronModel?
    var v: [Double]
    var excitatory: [Double]
    var inhibitory: [Double]
    var adaptation: [Double]
    var bias: [Double]
    /// The step of each neuron's last spike (`Int.min / 2` before the first).
    var lastSpike: [Int]
    let spikes: SpikeBuffer
    /// Ring buffers of pending synaptic input (slot-major: `slots * size`), one per receptor.
    var pendingExcitatory: [Double] = []
    var pendingInhibitory: [Double] = []
    var slots = 0

    /// A group of `size` neurons at the model's resting potential, without bias current.
    public init(name: String, size: Int, model: NeuronModel) throws(NetworkError) {
        guard size > 0 else { throw NetworkError.structure("a neuron group needs at least one neuron (got \(size))", item: name) }
        // Check the model now (with a nominal step) so that errors surface where the group is made.
        _ = try CompiledNeuronModel(model, dt: 0.1, name: name)
        self.name = name
        self.size = size
        self.model = model
        let rest = try InternalUnits.scalar(model.restingPotential, .mV, "\(name): the resting potential")
        v = [Double](repeating: rest, count: size)
        excitatory = [Double](repeating: 0, count: size)
        inhibitory = [Double](repeating: 0, count: size)
        adaptation = [Double](repeating: 0, count: size)
        bias = [Double](repeating: 0, count: size)
        lastSpike = [Int](repeating: Int.min / 2, count: size)
        spikes = SpikeBuffer(size: size)
    }

    private init(copying other: NeuronGroup) {
        name = other.name
        size = other.size
        model = other.model
        compiled = other.compiled
        v = other.v
        excitatory = other.excitatory
        inhibitory = other.inhibitory
        adaptation = other.adaptation
        bias = other.bias
        lastSpike = other.lastSpike
        spikes = other.spikes.copy()
        pendingExcitatory = other.pendingExcitatory
        pendingInhibitory = other.pendingInhibitory
        slots = other.slots
    }

    func copy() -> NeuronGroup { NeuronGroup(copying: self) }

    // MARK: State

    /// Sets every neuron's potential (one value or one per neuron, a voltage).
    public func setPotentials(_ potentials: Quantity) throws(NetworkError) {
        v = try InternalUnits.values(potentials, .mV, count: size, "\(name): potentials")
    }

    /// Draws every neuron's potential uniformly from `lower..<upper` with `random`.
    public func randomizePotentials(from lower: Quantity, to upper: Quantity, random: RandomStream) throws(NetworkError) {
        let low = try InternalUnits.scalar(lower, .mV, "\(name): the lower potential")
        let high = try InternalUnits.scalar(upper, .mV, "\(name): the upper potential")
        guard high >= low else { throw NetworkError.model("the potential range \(lower) to \(upper) is empty", item: name) }
        for index in 0..<size { v[index] = low + (high - low) * random.uniform() }
    }

    /// Sets the constant bias current (one value or one per neuron).
    public func setBias(_ current: Quantity) throws(NetworkError) {
        bias = try InternalUnits.values(current, .pA, count: size, "\(name): bias current")
    }

    /// The unit of a state variable of this group.
    public func unit(of variable: StateVariable) -> PhysicalUnit {
        switch variable {
        case .potential: .mV
        case .adaptation: .pA
        case .excitatory, .inhibitory: model.synapses.weightUnit
        }
    }

    /// The current values of a state variable, one per neuron.
    public func values(of variable: StateVariable) -> Quantity {
        Quantity(storage(variable), unit(of: variable))
    }

    func storage(_ variable: StateVariable) -> [Double] {
        switch variable {
        case .potential: v
        case .excitatory: excitatory
        case .inhibitory: inhibitory
        case .adaptation: adaptation
        }
    }

    // MARK: Simulation

    /// Compiles the model for `dt` and sizes the input ring buffers for `slots` delay slots.
    func prepare(dt: Double, slots: Int) throws(NetworkError) {
        if compiled?.dt != dt { compiled = try CompiledNeuronModel(model, dt: dt, name: name) }
        guard slots != self.slots else { return }
        var excitatoryBuffer = [Double](repeating: 0, count: slots * size)
        var inhibitoryBuffer = [Double](repeating: 0, count: slots * size)
        // Keep pending input (a re-sized buffer after adding a slower projection between subruns).
        for slot in 0..<min(slots, self.slots) {
            for index in 0..<size {
                excitatoryBuffer[slot * size + index] = pendingExcitatory[slot * size + index]
                inhibitoryBuffer[slot * size + index] = pendingInhibitory[slot * size + index]
            }
        }
        pendingExcitatory = excitatoryBuffer
        pendingInhibitory = inhibitoryBuffer
        self.slots = slots
    }

    /// Advances every neuron by one step and collects the spikes of step `step`.
    func update(step: Int) {
        guard let m = compiled else { return }
        var spikeCount = 0
        let refractory = m.refractorySteps
        let threshold = m.threshold, reset = m.reset, rest = m.restingPotential
        let eDecay = m.excitatoryDecay, iDecay = m.inhibitoryDecay, wDecay = m.adaptationDecay
        let adapting = m.hasAdaptation, increment = m.adaptationIncrement
        v.withUnsafeMutableBufferPointer { v in
            excitatory.withUnsafeMutableBufferPointer { ge in
                inhibitory.withUnsafeMutableBufferPointer { gi in
                    adaptation.withUnsafeMutableBufferPointer { w in
                        bias.withUnsafeBufferPointer { bias in
                            lastSpike.withUnsafeMutableBufferPointer { last in
                                spikes.indices.withUnsafeMutableBufferPointer { out in
                                    if m.conductanceBased {
                                        let gL = m.leakConductance, c = m.capacitance, dt = m.dt
                                        let ee = m.reversalExcitatory, ei = m.reversalInhibitory
                                        for i in 0..<v.count {
                                            if step - last[i] >= refractory {
                                                let g = gL + ge[i] + gi[i]
                                                let vInf = (gL * rest + ge[i] * ee + gi[i] * ei + bias[i] - w[i]) / g
                                                v[i] = vInf + (v[i] - vInf) * exp(-dt * g / c)
                                                if v[i] > threshold {
                                                    out[spikeCount] = Int32(truncatingIfNeeded: i)
                                                    spikeCount += 1
                                                    v[i] = reset
                                                    last[i] = step
                                                    if adapting { w[i] += increment }
                                                }
                                            }
                                            ge[i] *= eDecay
                                            gi[i] *= iDecay
                                            if adapting { w[i] *= wDecay }
                                        }
                                    } else {
                                        let a = m.membraneDecay, gainE = m.excitatoryGain, gainI = m.inhibitoryGain
                                        let gainW = m.adaptationGain, gainBias = m.biasGain
                                        for i in 0..<v.count {
                                            if step - last[i] >= refractory {
                                                var next = rest + (v[i] - rest) * a + bias[i] * gainBias + ge[i] * gainE - gi[i] * gainI
                                                if adapting { next -= w[i] * gainW }
                                                if next > threshold {
                                                    out[spikeCount] = Int32(truncatingIfNeeded: i)
                                                    spikeCount += 1
                                                    next = reset
                                                    last[i] = step
                                                    if adapting { w[i] += increment }
                                                }
                                                v[i] = next
                                            }
                                            ge[i] *= eDecay
                                            gi[i] *= iDecay
                                            if adapting { w[i] *= wDecay }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        spikes.count = spikeCount
    }

    /// Adds the input that arrives at step `step` (its ring-buffer slot) and clears the slot.
    func deliver(step: Int) {
        guard slots > 0 else { return }
        let offset = (step % slots) * size
        Self.drain(&pendingExcitatory, offset: offset, into: &excitatory)
        Self.drain(&pendingInhibitory, offset: offset, into: &inhibitory)
    }

    private static func drain(_ pending: inout [Double], offset: Int, into target: inout [Double]) {
        pending.withUnsafeMutableBufferPointer { pending in
            target.withUnsafeMutableBufferPointer { target in
                for i in 0..<target.count {
                    let value = pending[offset + i]
                    if value != 0 {
                        target[i] += value
                        pending[offset + i] = 0
                    }
                }
            }
        }
    }
}
