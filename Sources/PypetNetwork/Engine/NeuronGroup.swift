import Foundation
public import GSLRandom
public import PypetCore

/// A group of leaky integrate-and-fire neurons sharing one ``NeuronModel``; each neuron has its own
/// potential, synaptic variables, adaptation current and constant bias current.
///
/// The linear parts are integrated exactly per time step: with current synapses the whole membrane
/// equation (constant bias, synaptic currents decaying exponentially or as a difference of exponentials,
/// adaptation current) is solved in closed form; with conductance synapses the conductances are held
/// over the step and the membrane is solved exactly (exponential Euler).
public final class NeuronGroup: SpikeSource {
    public let name: String
    public let size: Int
    /// The model.
    public let model: NeuronModel
    var compiled: CompiledNeuronModel?
    var v: [Double]
    var excitatory: [Double]
    var inhibitory: [Double]
    /// The rise variables of difference-of-exponentials synapses (what spikes increment; zero otherwise).
    var excitatoryRise: [Double]
    var inhibitoryRise: [Double]
    /// Whether spikes drive the rise variables rather than the synaptic variables directly.
    let rising: Bool
    var adaptation: [Double]
    var bias: [Double]
    /// The first step at which each neuron integrates again after its last spike (its spike step plus the
    /// refractory steps), as a Double so that the test vectorizes with the potentials.
    var activeFrom: [Double]
    let spikes: SpikeBuffer
    /// Ring buffers of pending synaptic input (slot-major: `slots * size`), one per receptor.
    var pendingExcitatory: [Double] = []
    var pendingInhibitory: [Double] = []
    var slots = 0
    /// Whether a slot received input since it was last drained.
    var slotHasInput: [Bool] = []

    /// A group of `size` neurons at the model's resting potential, without bias current.
    public init(name: String, size: Int, model: NeuronModel) throws(NetworkError) {
        guard size > 0, size <= Int(Int32.max) else {
            throw NetworkError.structure("a neuron group needs 1 to \(Int32.max) neurons (got \(size))", item: name)
        }
        // Check the model now (with a nominal step) so that errors surface where the group is made.
        _ = try CompiledNeuronModel(model, dt: 0.1, name: name)
        self.name = name
        self.size = size
        self.model = model
        let rest = try InternalUnits.scalar(model.restingPotential, .mV, "\(name): the resting potential")
        v = [Double](repeating: rest, count: size)
        excitatory = [Double](repeating: 0, count: size)
        inhibitory = [Double](repeating: 0, count: size)
        rising = model.synapses.hasRise
        excitatoryRise = [Double](repeating: 0, count: rising ? size : 0)
        inhibitoryRise = [Double](repeating: 0, count: rising ? size : 0)
        adaptation = [Double](repeating: 0, count: size)
        bias = [Double](repeating: 0, count: size)
        activeFrom = [Double](repeating: -Double.infinity, count: size)
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
        rising = other.rising
        excitatoryRise = other.excitatoryRise
        inhibitoryRise = other.inhibitoryRise
        adaptation = other.adaptation
        bias = other.bias
        activeFrom = other.activeFrom
        spikes = other.spikes.copy()
        pendingExcitatory = other.pendingExcitatory
        pendingInhibitory = other.pendingInhibitory
        slots = other.slots
        slotHasInput = other.slotHasInput
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

    /// Sets a state variable of every neuron (one value or one per neuron, convertible to the variable's
    /// unit, ``unit(of:)``). Conductances must not be negative.
    public func setValues(_ values: Quantity, of variable: StateVariable) throws(NetworkError) {
        let converted = try InternalUnits.values(values, unit(of: variable), count: size, "\(name): \(variable.rawValue)")
        switch variable {
        case .potential: v = converted
        case .adaptation: adaptation = converted
        case .excitatory, .inhibitory:
            if case .conductanceBased = model.synapses, converted.contains(where: { $0 < 0 }) {
                throw NetworkError.model("a conductance (\(variable.rawValue)) is negative", item: name)
            }
            if variable == .excitatory { excitatory = converted } else { inhibitory = converted }
        }
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
        slotHasInput = (0..<slots).map { $0 < self.slots ? slotHasInput[$0] : false }
        self.slots = slots
    }

    /// Advances every neuron by one step and collects the spikes of step `step`: every neuron integrates
    /// (a branch-free pass over contiguous arrays that the compiler can vectorize), then a second pass
    /// finds the spikes, resets and starts the refractory periods.
    func update(step: Int) {
        guard let m = compiled else { return }
        let count = size
        let now = Double(step), refractorySteps = Double(m.refractorySteps)
        let threshold = m.threshold, reset = m.reset, rest = m.restingPotential
        let eDecay = m.excitatoryDecay, iDecay = m.inhibitoryDecay, wDecay = m.adaptationDecay
        let adapting = m.hasAdaptation, increment = m.adaptationIncrement
        var spikeCount = 0
        v.withUnsafeMutableBufferPointer { v in
            excitatory.withUnsafeMutableBufferPointer { ge in
                inhibitory.withUnsafeMutableBufferPointer { gi in
                    adaptation.withUnsafeMutableBufferPointer { w in
                        bias.withUnsafeBufferPointer { bias in
                            activeFrom.withUnsafeMutableBufferPointer { active in
                                        if m.conductanceBased {
                                            let gL = m.leakConductance, rate = -m.dt / m.capacitance, leak = m.leakConductance * rest
                                            let ee = m.reversalExcitatory, ei = m.reversalInhibitory
                                            // One branch-free pass (the exponential inlined, so it vectorizes):
                                            // the potential (held while refractory) and the decays.
                                            for i in 0..<count {
                                                let e = ge[i], inh = gi[i]
                                                let g = gL + e + inh
                                                let vInf = (leak + e * ee + inh * ei + bias[i] - w[i]) / g
                                                let next = vInf + (v[i] - vInf) * Exponential.exp(rate * g)
                                                v[i] = now >= active[i] ? next : v[i]
                                                ge[i] = e * eDecay
                                                gi[i] = inh * iDecay
                                            }
                                        } else {
                                            let a = m.membraneDecay, gainE = m.excitatoryGain, gainI = m.inhibitoryGain
                                            let gainW = m.adaptationGain, gainBias = m.biasGain
                                            // One pass: the potential (held while refractory) and the decays.
                                            if m.hasRise {
                                                integrateRising(m, now: now, v: v, ge: ge, gi: gi, w: w, bias: bias, active: active)
                                            } else if adapting {
                                                for i in 0..<count {
                                                    let e = ge[i], inh = gi[i]
                                                    let next = rest + (v[i] - rest) * a + bias[i] * gainBias + e * gainE - inh * gainI - w[i] * gainW
                                                    v[i] = now >= active[i] ? next : v[i]
                                                    ge[i] = e * eDecay
                                                    gi[i] = inh * iDecay
                                                }
                                            } else {
                                                for i in 0..<count {
                                                    let e = ge[i], inh = gi[i]
                                                    let next = rest + (v[i] - rest) * a + bias[i] * gainBias + e * gainE - inh * gainI
                                                    v[i] = now >= active[i] ? next : v[i]
                                                    ge[i] = e * eDecay
                                                    gi[i] = inh * iDecay
                                                }
                                            }
                                        }
                                        if adapting { for i in 0..<count { w[i] *= wDecay } }
                                        spikes.indices.withUnsafeMutableBufferPointer { out in
                                            func check(_ range: Range<Int>) {
                                                for i in range where v[i] > threshold && now >= active[i] {
                                                    out[spikeCount] = Int32(truncatingIfNeeded: i)
                                                    spikeCount += 1
                                                    v[i] = reset
                                                    active[i] = now + refractorySteps
                                                    if adapting { w[i] += increment }
                                                }
                                            }
                                            // Eight potentials at a time against the threshold (one vector
                                            // comparison); only the rare blocks with a crossing are scanned.
                                            guard let base = v.baseAddress else { return }
                                            let limit = SIMD8<Double>(repeating: threshold)
                                            var start = 0
                                            while start &+ 8 <= count {
                                                let block = UnsafeRawPointer(base + start).loadUnaligned(as: SIMD8<Double>.self)
                                                if any(block .> limit) { check(start..<(start &+ 8)) }
                                                start &+= 8
                                            }
                                            check(start..<count)
                                        }
                            }
                        }
                    }
                }
            }
        }
        spikes.count = spikeCount
    }

    /// The current-based step with difference-of-exponentials synapses: the exact solution of the linear
    /// system (potential, currents, rise variables, adaptation) over one step.
    private func integrateRising(
        _ m: CompiledNeuronModel, now: Double, v: UnsafeMutableBufferPointer<Double>, ge: UnsafeMutableBufferPointer<Double>,
        gi: UnsafeMutableBufferPointer<Double>, w: UnsafeMutableBufferPointer<Double>, bias: UnsafeBufferPointer<Double>,
        active: UnsafeMutableBufferPointer<Double>
    ) {
        let count = size, rest = m.restingPotential
        let a = m.membraneDecay, gainE = m.excitatoryGain, gainI = m.inhibitoryGain, gainW = m.adaptationGain, gainBias = m.biasGain
        let eDecay = m.excitatoryDecay, iDecay = m.inhibitoryDecay
        let riseGainE = m.excitatoryRiseGain, riseGainI = m.inhibitoryRiseGain
        let riseToE = m.excitatoryRiseToCurrent, riseToI = m.inhibitoryRiseToCurrent
        let xDecayE = m.excitatoryRiseDecay, xDecayI = m.inhibitoryRiseDecay
        excitatoryRise.withUnsafeMutableBufferPointer { xe in
            inhibitoryRise.withUnsafeMutableBufferPointer { xi in
                for i in 0..<count {
                    let e = ge[i], inh = gi[i], re = xe[i], ri = xi[i]
                    let next = rest + (v[i] - rest) * a + bias[i] * gainBias + e * gainE + re * riseGainE - inh * gainI - ri * riseGainI - w[i] * gainW
                    v[i] = now >= active[i] ? next : v[i]
                    ge[i] = e * eDecay + re * riseToE
                    gi[i] = inh * iDecay + ri * riseToI
                    xe[i] = re * xDecayE
                    xi[i] = ri * xDecayI
                }
            }
        }
    }

    /// Adds the synaptic input that became due in step `step - 1` (its ring-buffer slot) to the synaptic
    /// variables and clears the slot; called before the state is sampled and integrated in `step`.
    func receive(step: Int) {
        guard slots > 0 else { return }
        let slot = (step - 1 + slots) % slots
        guard slotHasInput[slot] else { return }
        slotHasInput[slot] = false
        let count = size
        let offset = slot * count
        if rising {
            Self.drain(&pendingExcitatory, offset: offset, count: count, into: &excitatoryRise)
            Self.drain(&pendingInhibitory, offset: offset, count: count, into: &inhibitoryRise)
        } else {
            Self.drain(&pendingExcitatory, offset: offset, count: count, into: &excitatory)
            Self.drain(&pendingInhibitory, offset: offset, count: count, into: &inhibitory)
        }
    }

    private static func drain(_ pending: inout [Double], offset: Int, count: Int, into target: inout [Double]) {
        pending.withUnsafeMutableBufferPointer { pending in
            target.withUnsafeMutableBufferPointer { target in
                guard let source = pending.baseAddress.map({ $0 + offset }), let destination = target.baseAddress else { return }
                for i in 0..<count {
                    destination[i] += source[i]
                    source[i] = 0
                }
            }
        }
    }
}
