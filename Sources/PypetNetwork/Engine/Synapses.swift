import Foundation
public import GSLRandom
public import PypetCore

/// A projection from a spike source to a neuron group: every spike of a source neuron adds the
/// synapse's weight to the target neuron's excitatory or inhibitory variable after the delay.
///
/// Connections are made with ``connect(_:random:)`` (several calls add up) and kept in compressed
/// sparse rows (one contiguous row of targets and weights per source neuron); delayed spikes wait in the
/// target group's ring buffer (one slot per step of delay), so a step allocates nothing.
public final class Synapses: NetworkElement {
    public let name: String
    /// The presynaptic group.
    public let source: any SpikeSource
    /// The postsynaptic group.
    public let target: NeuronGroup
    /// The target variable.
    public let receptor: Receptor
    /// The weight of a synapse (before a cluster factor): a current for current-based targets, a
    /// conductance for conductance-based ones.
    public let weight: Quantity
    /// The transmission delay.
    public let delay: Quantity
    var sourceSpikes: SpikeBuffer
    let weightValue: Double
    let delayValue: Double
    var delaySteps = 0
    private var pendingPre: [Int32] = []
    private var pendingPost: [Int32] = []
    private var pendingWeight: [Double] = []
    var rowStart: [Int] = []
    var targets: [Int32] = []
    var weights: [Double] = []

    /// A projection without connections yet.
    public init(
        name: String, from source: any SpikeSource, to target: NeuronGroup, receptor: Receptor, weight: Quantity, delay: Quantity = 0 * .ms
    ) throws(NetworkError) {
        self.name = name
        self.source = source
        self.target = target
        self.receptor = receptor
        self.weight = weight
        self.delay = delay
        sourceSpikes = try source.spikeBuffer()
        let unit = target.model.synapses.weightUnit
        weightValue = try InternalUnits.scalar(weight, unit, "\(name): the weight (the target \(target.name) takes weights in \(unit.symbol))")
        guard weightValue >= 0 else {
            throw NetworkError.model("the weight \(weight) is negative; give a positive weight and choose the receptor (excitatory or inhibitory)", item: name)
        }
        delayValue = try InternalUnits.scalar(delay, .ms, "\(name): the delay")
        guard delayValue >= 0 else { throw NetworkError.model("the delay \(delay) is negative", item: name) }
        rowStart = [Int](repeating: 0, count: source.size + 1)
    }

    private init(copying other: Synapses, source: any SpikeSource, target: NeuronGroup) throws(NetworkError) {
        name = other.name
        self.source = source
        self.target = target
        receptor = other.receptor
        weight = other.weight
        delay = other.delay
        sourceSpikes = try source.spikeBuffer()
        weightValue = other.weightValue
        delayValue = other.delayValue
        delaySteps = other.delaySteps
        pendingPre = other.pendingPre
        pendingPost = other.pendingPost
        pendingWeight = other.pendingWeight
        rowStart = other.rowStart
        targets = other.targets
        weights = other.weights
    }

    func copy(source: any SpikeSource, target: NeuronGroup) throws(NetworkError) -> Synapses {
        try Synapses(copying: self, source: source, target: target)
    }

    /// The number of synapses.
    public var count: Int { targets.count + pendingPre.count }

    /// Every synapse as (source index, target index), ordered by source.
    public var pairs: [(source: Int, target: Int)] {
        finalize()
        var result: [(source: Int, target: Int)] = []
        result.reserveCapacity(targets.count)
        for row in 0..<(rowStart.count - 1) {
            for k in rowStart[row]..<rowStart[row + 1] { result.append((row, Int(targets[k]))) }
        }
        return result
    }

    /// The weights in the order of ``pairs``.
    public var synapticWeights: Quantity {
        finalize()
        return Quantity(weights, target.model.synapses.weightUnit)
    }

    // MARK: Connecting

    /// Adds connections chosen by `rule`, drawing from `random`.
    public func connect(_ rule: ConnectionRule, random: RandomStream) throws(NetworkError) {
        let sources = source.size, targetCount = target.size
        let recurrent = (source as AnyObject) === target
        switch rule {
        case .probability(let p, let allowSelf):
            try Self.checkProbability(p, name: name)
            for i in 0..<sources {
                skipSample(p, over: 0..<targetCount, random: random) { j in
                    if recurrent && !allowSelf && j == i { return }
                    append(i, j, weightValue)
                }
            }
        case .fixedInDegree(let k, let allowSelf):
            let excludeSelf = recurrent && !allowSelf
            let available = excludeSelf ? sources - 1 : sources
            guard k >= 0, k <= available else {
                throw NetworkError.structure("a fixed in-degree of \(k) needs \(k) distinct sources but \(source.name) offers \(available)", item: name)
            }
            for j in 0..<targetCount {
                let chosen: [Int]
                do {
                    chosen = try random.sample(k, from: available)
                } catch {
                    throw NetworkError(code: .random, message: "cannot draw sources: \(error)", item: name)
                }
                for index in chosen.sorted() { append(excludeSelf && index >= j ? index + 1 : index, j, weightValue) }
            }
        case .oneToOne:
            guard sources == targetCount else {
                throw NetworkError.structure("one-to-one connections need groups of equal size (\(sources) and \(targetCount))", item: name)
            }
            for i in 0..<sources { append(i, i, weightValue) }
        case .clustered(let clusterSize, let inside, let outside, let factor):
            try Self.checkProbability(inside, name: name)
            try Self.checkProbability(outside, name: name)
            guard clusterSize > 0 else { throw NetworkError.structure("the cluster size must be positive (got \(clusterSize))", item: name) }
            guard factor >= 0, factor.isFinite else { throw NetworkError.model("the cluster weight factor \(factor) must be finite and non-negative", item: name) }
            let strong = weightValue * factor
            for i in 0..<sources {
                let low = min(targetCount, (i / clusterSize) * clusterSize), high = min(targetCount, low + clusterSize)
                let add: (Int, Double) -> Void = { j, w in
                    if recurrent && j == i { return }
                    self.append(i, j, w)
                }
                skipSample(outside, over: 0..<low, random: random) { add($0, self.weightValue) }
                skipSample(inside, over: low..<high, random: random) { add($0, strong) }
                skipSample(outside, over: high..<targetCount, random: random) { add($0, self.weightValue) }
            }
        }
    }

    private static func checkProbability(_ p: Double, name: String) throws(NetworkError) {
        guard p >= 0, p <= 1 else { throw NetworkError.model("the connection probability \(p) is not in 0...1", item: name) }
    }

    /// Calls `body` for each index of `range` chosen independently with probability `p`, in increasing
    /// order, by geometric skipping (one draw per connection, not per pair).
    private func skipSample(_ p: Double, over range: Range<Int>, random: RandomStream, _ body: (Int) -> Void) {
        guard p > 0, !range.isEmpty else { return }
        if p >= 1 {
            for j in range { body(j) }
            return
        }
        let logQ = log1p(-p)
        var j = range.lowerBound - 1
        let span = Double(range.count)
        while true {
            let u = 1 - random.uniform()
            let skip = (log(u) / logQ).rounded(.down)
            guard skip < span else { return }
            j += 1 + Int(skip)
            guard j < range.upperBound else { return }
            body(j)
        }
    }

    private func append(_ pre: Int, _ post: Int, _ weight: Double) {
        pendingPre.append(Int32(truncatingIfNeeded: pre))
        pendingPost.append(Int32(truncatingIfNeeded: post))
        pendingWeight.append(weight)
    }

    /// Merges new connections into the sparse rows (a stable counting sort by source).
    func finalize() {
        guard !pendingPre.isEmpty else { return }
        let rows = source.size
        var counts = [Int](repeating: 0, count: rows + 1)
        for row in 0..<rows { counts[row + 1] = rowStart[row + 1] - rowStart[row] }
        for pre in pendingPre { counts[Int(pre) + 1] += 1 }
        var start = [Int](repeating: 0, count: rows + 1)
        for row in 0..<rows { start[row + 1] = start[row] + counts[row + 1] }
        let total = start[rows]
        var newTargets = [Int32](repeating: 0, count: total)
        var newWeights = [Double](repeating: 0, count: total)
        var fill = start
        for row in 0..<rows {
            for k in rowStart[row]..<rowStart[row + 1] {
                newTargets[fill[row]] = targets[k]
                newWeights[fill[row]] = weights[k]
                fill[row] += 1
            }
        }
        for index in pendingPre.indices {
            let row = Int(pendingPre[index])
            newTargets[fill[row]] = pendingPost[index]
            newWeights[fill[row]] = pendingWeight[index]
            fill[row] += 1
        }
        rowStart = start
        targets = newTargets
        weights = newWeights
        pendingPre = []
        pendingPost = []
        pendingWeight = []
    }

    // MARK: Simulation

    /// The longest delay in steps (the target's ring buffer holds one slot per step of delay).
    static let maximumDelaySteps = 100_000

    func prepare(dt: Double) throws(NetworkError) {
        finalize()
        let steps = (delayValue / dt).rounded()
        guard steps <= Double(Self.maximumDelaySteps) else {
            throw NetworkError.model("the delay \(delay) is longer than \(Self.maximumDelaySteps) time steps; use a shorter delay or a longer time step", item: name)
        }
        delaySteps = Int(steps)
    }

    /// Adds the weights of this step's presynaptic spikes to the targets: straight into their synaptic
    /// variables without delay (acting from the next step, like input drained at its start), into the
    /// target's ring buffer slot of the arrival step otherwise.
    func propagate(step: Int) {
        let count = sourceSpikes.count
        guard count > 0 else { return }
        let spikes = sourceSpikes
        if delaySteps == 0 {
            let deliver = { (variable: inout UnsafeMutableBufferPointer<Double>) in
                self.rowStart.withUnsafeBufferPointer { rowStart in
                    self.targets.withUnsafeBufferPointer { targets in
                        self.weights.withUnsafeBufferPointer { weights in
                            spikes.indices.withUnsafeBufferPointer { fired in
                                for s in 0..<count {
                                    let row = Int(fired[s])
                                    for k in rowStart[row]..<rowStart[row + 1] { variable[Int(targets[k])] += weights[k] }
                                }
                            }
                        }
                    }
                }
            }
            // Difference-of-exponentials targets take spikes in their rise variables.
            switch (receptor, target.rising) {
            case (.excitatory, false): target.excitatory.withUnsafeMutableBufferPointer(deliver)
            case (.inhibitory, false): target.inhibitory.withUnsafeMutableBufferPointer(deliver)
            case (.excitatory, true): target.excitatoryRise.withUnsafeMutableBufferPointer(deliver)
            case (.inhibitory, true): target.inhibitoryRise.withUnsafeMutableBufferPointer(deliver)
            }
            return
        }
        guard target.slots > 0 else { return }
        let size = target.size
        let slot = (step + delaySteps) % target.slots
        target.slotHasInput[slot] = true
        let offset = slot * size
        rowStart.withUnsafeBufferPointer { rowStart in
            targets.withUnsafeBufferPointer { targets in
                weights.withUnsafeBufferPointer { weights in
                    let deliver = { (pending: inout UnsafeMutableBufferPointer<Double>) in
                        spikes.indices.withUnsafeBufferPointer { fired in
                            for s in 0..<count {
                                let row = Int(fired[s])
                                for k in rowStart[row]..<rowStart[row + 1] {
                                    pending[offset + Int(targets[k])] += weights[k]
                                }
                            }
                        }
                    }
                    switch receptor {
                    case .excitatory: target.pendingExcitatory.withUnsafeMutableBufferPointer(deliver)
                    case .inhibitory: target.pendingInhibitory.withUnsafeMutableBufferPointer(deliver)
                    }
                }
            }
        }
    }
}
