import Foundation
import GSLRandom
import PypetCore
import PypetNetwork
import PypetTestSupport
import Testing

@Suite("Poisson groups and connections")
struct ConnectivityTests {
    @Test("a Poisson group's rate and ISI coefficient of variation are within statistical bounds")
    func poissonStatistics() throws {
        let group = try PoissonGroup(name: "p", size: 1000, rate: 20 * .Hz, random: try RandomStream(seed: 7))
        let spikes = try SpikeMonitor(name: "s", source: group)
        let rates = try PopulationRateMonitor(name: "r", source: group)
        let network = try Network(dt: 0.1 * .ms)
        try network.add(group, spikes, rates)
        try network.run(1 * .second)
        // 20,000 expected spikes, standard deviation about 141: allow five.
        #expect(abs(spikes.count - 20_000) < 710, "\(spikes.count) spikes")
        #expect(abs(try rates.meanRate.value(in: .Hz) - 20) < 0.71)
        var last = [Double](repeating: -1, count: 1000)
        var intervals: [Double] = []
        for (t, i) in zip(try spikes.times.values(in: .ms), spikes.indices) {
            if last[i] >= 0 { intervals.append(t - last[i]) }
            last[i] = t
        }
        let mean = intervals.reduce(0, +) / Double(intervals.count)
        let variance = intervals.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(intervals.count - 1)
        let cv = variance.squareRoot() / mean
        // Exact value sqrt(1 - rate dt) = 0.999; the 1 s window censors long intervals a little.
        #expect(abs(cv - 1) < 0.05, "CV \(cv)")
    }

    @Test("connection rules: probability, fixed in-degree, one-to-one, clusters, no self-connections")
    func rules() throws {
        let model = NeuronModel()
        let a = try NeuronGroup(name: "a", size: 400, model: model)
        let b = try NeuronGroup(name: "b", size: 300, model: model)
        let random = try RandomStream(seed: 3)
        let probability = try Synapses(name: "p", from: a, to: b, receptor: .excitatory, weight: 1 * .pA)
        try probability.connect(.probability(0.1), random: random)
        // 12,000 expected, sd about 104.
        #expect(abs(probability.count - 12_000) < 520)

        let recurrent = try Synapses(name: "r", from: a, to: a, receptor: .inhibitory, weight: 2 * .pA)
        try recurrent.connect(.probability(0.5), random: random)
        #expect(!recurrent.pairs.contains { $0.source == $0.target })

        let degree = try Synapses(name: "d", from: a, to: a, receptor: .excitatory, weight: 1 * .pA)
        try degree.connect(.fixedInDegree(25), random: random)
        var inDegree = [Int](repeating: 0, count: 400)
        for pair in degree.pairs {
            inDegree[pair.target] += 1
            #expect(pair.source != pair.target)
        }
        #expect(inDegree.allSatisfy { $0 == 25 })
        expectError(NetworkError.Code.invalidStructure, as: NetworkError.self) { try degree.connect(.fixedInDegree(400), random: random) }

        let one = try Synapses(name: "o", from: b, to: b, receptor: .excitatory, weight: 1 * .pA)
        try one.connect(.oneToOne, random: random)
        #expect(one.pairs.map(\.target) == Array(0..<300))

        let clustered = try Synapses(name: "c", from: a, to: a, receptor: .excitatory, weight: 1 * .pA)
        try clustered.connect(.clustered(clusterSize: 50, inside: 0.5, outside: 0.05, weightFactor: 2), random: random)
        var inside = 0, outside = 0
        let weights = try clustered.synapticWeights.values(in: .pA)
        for (pair, weight) in zip(clustered.pairs, weights) {
            if pair.source / 50 == pair.target / 50 {
                inside += 1
                #expect(weight == 2)
            } else {
                outside += 1
                #expect(weight == 1)
            }
        }
        // Inside: 8 clusters x 50 x 49 pairs x 0.5 = 9,800; outside: 400 x 350 x 0.05 = 7,000.
        #expect(abs(inside - 9_800) < 500, "\(inside)")
        #expect(abs(outside - 7_000) < 450, "\(outside)")
    }

    @Test("the same seed gives the same connections and spikes; another seed does not")
    func reproducible() throws {
        func simulate(_ seed: UInt64) throws -> ([Int], [Double]) {
            let input = try PoissonGroup(name: "in", size: 200, rate: 15 * .Hz, random: try RandomStream(seed: seed, keys: [1]))
            let group = try NeuronGroup(name: "g", size: 100, model: NeuronModel())
            let synapses = try Synapses(name: "s", from: input, to: group, receptor: .excitatory, weight: 150 * .pA, delay: 1 * .ms)
            try synapses.connect(.probability(0.2), random: try RandomStream(seed: seed, keys: [2]))
            let spikes = try SpikeMonitor(name: "m", source: group)
            let network = try Network()
            try network.add(input, group, synapses, spikes)
            try network.run(300 * .ms)
            return (spikes.indices, try spikes.times.values(in: .ms))
        }
        let first = try simulate(5), second = try simulate(5), other = try simulate(6)
        #expect(!first.0.isEmpty)
        #expect(first.0 == second.0 && first.1 == second.1)
        #expect(first.0 != other.0 || first.1 != other.1)
    }
}
