import Foundation
import GSLRandom
import PypetCore
import PypetNetwork
import PypetTestSupport
import Testing

@Suite("LIF neurons")
struct NeuronTests {
    /// tau 20 ms, C 200 pF (R = 100 MOhm), rest -70, threshold -50, reset -60 mV, refractory 2 ms.
    static let model = NeuronModel(
        membraneTimeConstant: 20 * .ms, capacitance: 200 * .pF, restingPotential: -70 * .mV, threshold: -50 * .mV,
        reset: -60 * .mV, refractoryPeriod: 2 * .ms)

    @Test("a neuron with constant input fires at the analytic rate 1 / (t_ref + tau ln((RI - (V_r - E_L)) / (RI - (V_th - E_L))))")
    func analyticRate() throws {
        for current in [250.0, 300.0, 600.0] {
            let neuron = try NeuronGroup(name: "neuron", size: 1, model: Self.model)
            try neuron.setBias(current * .pA)
            let spikes = try SpikeMonitor(name: "spikes", source: neuron)
            let network = try Network(dt: 0.1 * .ms)
            try network.add(neuron, spikes)
            try network.run(2 * .second)
            let ri = 100e6 * current * 1e-12 * 1e3  // mV
            let period = 2 + 20 * log((ri - 10) / (ri - 20))  // ms
            let times = try spikes.times.values(in: .ms)
            #expect(times.count > 10)
            // Every interval lies within one time step of the analytic period.
            for (a, b) in zip(times, times.dropFirst()) {
                #expect(abs((b - a) - period) <= 0.1 + 1e-9, "I = \(current) pA: interval \(b - a) ms vs \(period) ms")
            }
            let rate = Double(times.count - 1) / ((times.last ?? 0) - (times.first ?? 0)) * 1000
            #expect(abs(rate - 1000 / period) <= 1000 / period * 0.1 / period + 1e-9, "rate \(rate) Hz vs \(1000 / period) Hz")
        }
    }

    @Test("the membrane trace equals the closed form E_L + RI (1 - exp(-t/tau)) to rounding")
    func membraneTrace() throws {
        let neuron = try NeuronGroup(name: "neuron", size: 1, model: Self.model)
        try neuron.setBias(150 * .pA)  // RI = 15 mV: stays below threshold
        let trace = try StateMonitor(name: "v", group: neuron, variable: .potential, record: [0])
        let network = try Network(dt: 0.1 * .ms)
        try network.add(neuron, trace)
        try network.run(100 * .ms)
        let times = try trace.times.values(in: .ms)
        let values = try trace.trace(0).values(in: .mV)
        #expect(values.count == 1000)
        for (t, v) in zip(times, values) {
            #expect(abs(v - (-70 + 15 * (1 - exp(-t / 20)))) < 1e-9, "t = \(t)")
        }
    }

    @Test("a current synapse's PSP equals the closed form of the exponentially decaying current, after the delay")
    func postsynapticPotential() throws {
        // The source fires once: it starts just below threshold with a strong bias, then is silenced
        // by its refractory period (longer than the simulation).
        let sourceModel = NeuronModel(refractoryPeriod: 1 * .second)
        let source = try NeuronGroup(name: "source", size: 1, model: sourceModel)
        try source.setPotentials(-50.01 * .mV)
        try source.setBias(1000 * .pA)
        let target = try NeuronGroup(name: "target", size: 1, model: Self.model)
        let synapse = try Synapses(name: "syn", from: source, to: target, receptor: .excitatory, weight: 50 * .pA, delay: 1.5 * .ms)
        try synapse.connect(.oneToOne, random: try RandomStream(seed: 1))
        let spikes = try SpikeMonitor(name: "spikes", source: source)
        let trace = try StateMonitor(name: "v", group: target, variable: .potential, record: [0])
        let network = try Network(dt: 0.1 * .ms)
        try network.add(source, target, synapse, spikes, trace)
        try network.run(30 * .ms)
        #expect(spikes.count == 1)
        let spikeTime = try #require(try spikes.times.values(in: .ms).first)
        let arrival = spikeTime + 1.5 + 0.1  // delivered at the end of the arrival step, acting from the next
        let times = try trace.times.values(in: .ms), values = try trace.trace(0).values(in: .mV)
        // R w tau_s / (tau_s - tau) (e^{-t/tau_s} - e^{-t/tau}) with R = 100 MOhm, w = 50 pA, tau_s = 5 ms.
        for (t, v) in zip(times, values) {
            let s = t - arrival
            let expected = s < -1e-9 ? -70 : -70 + 5 * 5 / (5 - 20) * (exp(-s / 5) - exp(-s / 20))
            #expect(abs(v - expected) < 1e-9, "t = \(t): \(v) vs \(expected)")
        }
    }

    @Test("a difference-of-exponentials synapse's current and PSP equal their closed forms; its charge is w tau_d")
    func dualExponentialPostsynapticPotential() throws {
        let source = try NeuronGroup(name: "source", size: 1, model: NeuronModel(refractoryPeriod: 1 * .second))
        try source.setPotentials(-50.01 * .mV)
        try source.setBias(1000 * .pA)
        var model = Self.model
        model.synapses = .currentBasedDualExponential(excitatoryRise: 1 * .ms, excitatoryDecay: 5 * .ms, inhibitoryRise: 0.5 * .ms, inhibitoryDecay: 10 * .ms)
        let target = try NeuronGroup(name: "target", size: 1, model: model)
        let synapse = try Synapses(name: "syn", from: source, to: target, receptor: .excitatory, weight: 50 * .pA, delay: 1.5 * .ms)
        try synapse.connect(.oneToOne, random: try RandomStream(seed: 1))
        let spikes = try SpikeMonitor(name: "spikes", source: source)
        let potential = try StateMonitor(name: "v", group: target, variable: .potential, record: [0])
        let current = try StateMonitor(name: "i", group: target, variable: .excitatory, record: [0])
        let network = try Network(dt: 0.1 * .ms)
        try network.add(source, target, synapse, spikes, potential, current)
        try network.run(60 * .ms)
        #expect(spikes.count == 1)
        let spikeTime = try #require(try spikes.times.values(in: .ms).first)
        let arrival = spikeTime + 1.5 + 0.1
        let times = try potential.times.values(in: .ms), v = try potential.trace(0).values(in: .mV)
        let i = try current.trace(0).values(in: .pA)
        // I(s) = w tau_d / (tau_d - tau_r) (e^{-s/tau_d} - e^{-s/tau_r}) with w = 50 pA, tau_r = 1, tau_d = 5 ms;
        // V(s) - E_L = R w tau_d / (tau_d - tau_r) (f(tau_d) - f(tau_r)), f(k) = k / (k - tau) (e^{-s/k} - e^{-s/tau}).
        func f(_ k: Double, _ s: Double) -> Double { k / (k - 20) * (exp(-s / k) - exp(-s / 20)) }
        var charge = 0.0
        for (index, t) in times.enumerated() {
            let s = t - arrival
            let expectedI = s < -1e-9 ? 0 : 50 * 5 / 4 * (exp(-s / 5) - exp(-s / 1))
            let expectedV = s < -1e-9 ? -70 : -70 + 5 * 5 / 4 * (f(5, s) - f(1, s))
            #expect(abs(i[index] - expectedI) < 1e-9, "t = \(t): I \(i[index]) vs \(expectedI)")
            #expect(abs(v[index] - expectedV) < 1e-9, "t = \(t): V \(v[index]) vs \(expectedV)")
            charge += i[index] * 0.1
        }
        // The charge of the current: w tau_d = 250 pA ms (the trapezoid sum of a curve starting at 0).
        #expect(abs(charge - 250) < 0.5, "charge \(charge) pA ms")

        var bad = Self.model
        bad.synapses = .currentBasedDualExponential(excitatoryRise: 5 * .ms, excitatoryDecay: 5 * .ms, inhibitoryRise: 1 * .ms, inhibitoryDecay: 2 * .ms)
        let equal = expectError(NetworkError.Code.invalidModel, as: NetworkError.self) { try NeuronGroup(name: "x", size: 1, model: bad) }
        #expect(equal?.message.contains("rise time") == true)
        bad.synapses = .currentBasedDualExponential(excitatoryRise: 1 * .ms, excitatoryDecay: 3 * .ms, inhibitoryRise: 0 * .ms, inhibitoryDecay: 2 * .ms)
        expectError(NetworkError.Code.invalidModel, as: NetworkError.self) { try NeuronGroup(name: "x", size: 1, model: bad) }
    }

    @Test("a conductance-based neuron relaxes to its conductance-weighted equilibrium; adaptation lowers the rate")
    func conductanceAndAdaptation() throws {
        var model = Self.model
        model.synapses = .conductanceBased(excitatoryDecay: 5 * .ms, inhibitoryDecay: 10 * .ms, excitatoryReversal: 0 * .mV, inhibitoryReversal: -80 * .mV)
        let neuron = try NeuronGroup(name: "n", size: 1, model: model)
        try neuron.setBias(100 * .pA)
        let network = try Network()
        try network.add(neuron)
        try network.run(1 * .second)
        // Leak 10 nS: V -> -70 + 100 pA / 10 nS = -60 mV.
        #expect(abs(try neuron.values(of: .potential).values(in: .mV)[0] - -60) < 1e-6)

        // A fixed excitatory conductance (an infinitely slow decay would need another model: here it is
        // set every step): V relaxes exponentially to (g_L E_L + g_e E_e + I) / (g_L + g_e) with
        // time constant C / (g_L + g_e), from the reset of the potential.
        let held = try NeuronGroup(name: "held", size: 3, model: model)
        try held.setPotentials(Quantity([-70, -65, -52], .mV))
        let trace = try StateMonitor(name: "v", group: held, variable: .potential, record: [0, 1, 2])
        let single = try Network(dt: 0.1 * .ms)
        try single.add(held, trace)
        for _ in 0..<200 {
            try held.setValues(2 * .nS, of: .excitatory)
            try single.run(0.1 * .ms)
        }
        let samples = try trace.times.values(in: .ms)
        for (k, start) in [-70.0, -65, -52].enumerated() {
            let values = try trace.trace(k).values(in: .mV)
            for (t, v) in zip(samples, values) {
                // g = 12 nS, V_inf = (10 * -70 + 2 * 0) / 12 mV (below threshold), tau = 200 pF / 12 nS.
                let vInf = -700.0 / 12, tau = 200.0 / 12
                let expected = vInf + (start - vInf) * exp(-t / tau)
                #expect(abs(v - expected) < 1e-9, "t = \(t): \(v) vs \(expected)")
            }
        }
        expectError(NetworkError.Code.invalidModel, as: NetworkError.self) { try held.setValues(-1 * .nS, of: .inhibitory) }
        expectError(NetworkError.Code.invalidModel, as: NetworkError.self) { try held.setValues(1 * .pA, of: .inhibitory) }

        func rate(_ adaptation: Adaptation?) throws -> Int {
            var adapting = Self.model
            adapting.adaptation = adaptation
            let group = try NeuronGroup(name: "a", size: 1, model: adapting)
            try group.setBias(400 * .pA)
            let spikes = try SpikeMonitor(name: "s", source: group)
            let net = try Network()
            try net.add(group, spikes)
            try net.run(500 * .ms)
            return spikes.count
        }
        let plain = try rate(nil), adapted = try rate(Adaptation(increment: 50 * .pA, decay: 100 * .ms))
        #expect(adapted < plain / 2, "\(adapted) spikes with adaptation, \(plain) without")
    }

    @Test("bad models and structures throw typed errors naming the item")
    func errors() throws {
        var bad = Self.model
        bad.threshold = -65 * .mV
        expectError(NetworkError.Code.invalidModel, as: NetworkError.self) { try NeuronGroup(name: "x", size: 1, model: bad) }
        bad = Self.model
        bad.membraneTimeConstant = 20 * .mV
        let error = expectError(NetworkError.Code.invalidModel, as: NetworkError.self) { try NeuronGroup(name: "x", size: 1, model: bad) }
        #expect(error?.description.contains("ms") == true)
        expectError(NetworkError.Code.invalidStructure, as: NetworkError.self) { try NeuronGroup(name: "x", size: 0, model: Self.model) }
        let group = try NeuronGroup(name: "g", size: 3, model: Self.model)
        expectError(NetworkError.Code.invalidModel, as: NetworkError.self) { try group.setBias(Quantity([1, 2], .pA)) }
        expectError(NetworkError.Code.invalidModel, as: NetworkError.self) {
            try Synapses(name: "s", from: group, to: group, receptor: .excitatory, weight: 1 * .nS)
        }
        expectError(NetworkError.Code.invalidStructure, as: NetworkError.self) {
            try StateMonitor(name: "m", group: group, variable: .potential, record: [5])
        }
        let synapses = try Synapses(name: "s", from: group, to: group, receptor: .excitatory, weight: 1 * .pA)
        expectError(NetworkError.Code.invalidModel, as: NetworkError.self) { try synapses.connect(.probability(1.5), random: try RandomStream(seed: 1)) }
        let network = try Network()
        try network.add(synapses)
        expectError(NetworkError.Code.invalidStructure, as: NetworkError.self) { try network.run(1 * .ms) }
        expectError(NetworkError.Code.invalidStructure, as: NetworkError.self) { try network.add(synapses) }
        expectError(NetworkError.Code.invalidModel, as: NetworkError.self) { try network.run(1 * .mV) }
        expectError(NetworkError.Code.invalidModel, as: NetworkError.self) { try network.run(-1 * .ms) }
        let clean = try Network()
        let source = try NeuronGroup(name: "source", size: 2, model: Self.model)
        try clean.add(source)
        expectError(NetworkError.Code.invalidModel, as: NetworkError.self) { try clean.run(1e12 * .second) }
        let slow = try Synapses(name: "slow", from: source, to: source, receptor: .excitatory, weight: 1 * .pA, delay: 1e6 * .second)
        try clean.add(slow)
        expectError(NetworkError.Code.invalidModel, as: NetworkError.self) { try clean.run(1 * .ms) }
        expectError(QuantityError.Code.unknownUnit, as: QuantityError.self) { try PhysicalUnit(symbol: "ms^1000000000") }
    }
}
