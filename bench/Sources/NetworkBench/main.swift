// network-bench: the CUBA benchmark network (Brette et al. 2007, as in Brian2's examples) on swift-pypet's
// engine: 4000 excitatory + 1000 inhibitory LIF neurons, connection probability 0.02, exponential current
// synapses (5 ms, 10 ms), no delays, dt 0.1 ms. Prints one JSON line with the wall times (build, run,
// and the simulation alone after the network is prepared) and the mean rates, for bench/run.py to compare with bench/anchors/brian2_cuba.py.
//
// With --model coba: the same network with conductance synapses (the conductances of Vogels and Abbott's
// COBA benchmark, 2005): jumps of 6 nS (E, reversal 0 mV) and 67 nS (I, reversal -80 mV) decaying with 5
// and 10 ms, g_L = C / tau_m = 10 nS, rest -49 mV (above the threshold, as in CUBA, so that the network
// fires without a kick-start and has one asynchronous state), exponential Euler in both engines.
//
// Brian2 writes the synaptic variables in volts (`dv/dt = (ge + gi - (v - El)) / taum`, jumps of 1.62 mV
// and -9 mV); here they are currents into C = 200 pF with tau_m = 20 ms, so a jump of 1.62 mV is a current
// of 1.62 mV * C / tau_m = 16.2 pA (and 90 pA inhibitory): the same equations.

import Foundation
import GSLRandom
import PypetCore
import PypetNetwork

let arguments = CommandLine.arguments
func option(_ name: String, _ fallback: Double) -> Double {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count, let value = Double(arguments[index + 1]) else { return fallback }
    return value
}
let excitatoryCount = Int(option("--excitatory", 4000)), inhibitoryCount = Int(option("--inhibitory", 1000))
let duration = option("--duration", 1000), seed = UInt64(option("--seed", 1))
// --model coba: the COBA network instead (conductance synapses, exponential Euler; see the header).
let conductances = arguments.firstIndex(of: "--model").map { $0 + 1 < arguments.count && arguments[$0 + 1] == "coba" } ?? false

do {
    let start = Date()
    let model = conductances
        ? NeuronModel(
            membraneTimeConstant: 20 * .ms, capacitance: 200 * .pF, restingPotential: -49 * .mV, threshold: -50 * .mV,
            reset: -60 * .mV, refractoryPeriod: 5 * .ms,
            synapses: .conductanceBased(excitatoryDecay: 5 * .ms, inhibitoryDecay: 10 * .ms, excitatoryReversal: 0 * .mV, inhibitoryReversal: -80 * .mV))
        : NeuronModel(
            membraneTimeConstant: 20 * .ms, capacitance: 200 * .pF, restingPotential: -49 * .mV, threshold: -50 * .mV,
            reset: -60 * .mV, refractoryPeriod: 5 * .ms, synapses: .currentBased(excitatoryDecay: 5 * .ms, inhibitoryDecay: 10 * .ms))
    let root = try RandomStream(seed: seed)
    let excitatory = try NeuronGroup(name: "excitatory", size: excitatoryCount, model: model)
    let inhibitory = try NeuronGroup(name: "inhibitory", size: inhibitoryCount, model: model)
    try excitatory.randomizePotentials(from: -60 * .mV, to: -50 * .mV, random: try root.substream(1))
    try inhibitory.randomizePotentials(from: -60 * .mV, to: -50 * .mV, random: try root.substream(2))
    let network = try Network(dt: 0.1 * .ms)
    try network.add(excitatory, inhibitory)
    var key: UInt64 = 10
    let weights = conductances ? (6 * PhysicalUnit.nS, 67 * PhysicalUnit.nS) : (16.2 * PhysicalUnit.pA, 90 * PhysicalUnit.pA)
    for (source, receptor, weight) in [(excitatory, Receptor.excitatory, weights.0), (inhibitory, Receptor.inhibitory, weights.1)] {
        for target in [excitatory, inhibitory] {
            let synapses = try Synapses(name: "\(source.name)_\(target.name)", from: source, to: target, receptor: receptor, weight: weight)
            try synapses.connect(.probability(0.02, allowSelf: true), random: try root.substream(key))
            key += 1
            try network.add(synapses)
        }
    }
    let spikesE = try SpikeMonitor(name: "spikes_e", source: excitatory)
    let spikesI = try SpikeMonitor(name: "spikes_i", source: inhibitory)
    try network.add(spikesE, spikesI)
    let built = Date()
    // A zero-length run prepares the network (sparse rows, ring buffers) so that the next one times the
    // simulation alone, as Brian2's standalone binary reports it.
    try network.run(0 * .ms)
    let prepared = Date()
    try network.run(duration * .ms)
    let finished = Date()
    let synapseCount = network.elements.compactMap { $0 as? Synapses }.reduce(0) { $0 + $1.count }
    let seconds = duration / 1000
    let record: [String: Any] = [
        "build_seconds": built.timeIntervalSince(start), "run_seconds": finished.timeIntervalSince(built),
        "seconds": finished.timeIntervalSince(start), "simulation_seconds": finished.timeIntervalSince(prepared),
        "rate_e": Double(spikesE.count) / (Double(excitatoryCount) * seconds), "rate_i": Double(spikesI.count) / (Double(inhibitoryCount) * seconds),
        "synapses": synapseCount,
    ]
    let data = try JSONSerialization.data(withJSONObject: record, options: [.sortedKeys])
    print(String(decoding: data, as: UTF8.self))
} catch {
    FileHandle.standardError.write(Data("network-bench: \(error)\n".utf8))
    exit(1)
}
