public import PypetCore

/// Records every spike of a group while it is in a network: the spike times and neuron indices.
public final class SpikeMonitor: NetworkElement {
    public let name: String
    /// The recorded group.
    public let source: any SpikeSource
    var spikes: SpikeBuffer
    var steps: [Int32] = []
    var neurons: [Int32] = []
    var dt = 0.1

    /// A monitor of `source`'s spikes.
    public init(name: String, source: any SpikeSource) throws(NetworkError) {
        self.name = name
        self.source = source
        spikes = try source.spikeBuffer()
    }

    private init(copying other: SpikeMonitor, source: any SpikeSource) throws(NetworkError) {
        name = other.name
        self.source = source
        spikes = try source.spikeBuffer()
        steps = other.steps
        neurons = other.neurons
        dt = other.dt
    }

    func copy(source: any SpikeSource) throws(NetworkError) -> SpikeMonitor { try SpikeMonitor(copying: self, source: source) }

    /// The number of recorded spikes.
    public var count: Int { steps.count }

    /// The spike times (`ms`).
    public var times: Quantity { Quantity(steps.map { InternalUnits.time(step: Int($0), dt: dt) }, .ms) }

    /// The index of the neuron of each spike.
    public var indices: [Int] { neurons.map(Int.init) }

    /// The spike count of every neuron in `[start, end)` (times in any time unit).
    public func spikeCounts(from start: Quantity, to end: Quantity) throws(NetworkError) -> [Int] {
        let low = try InternalUnits.scalar(start, .ms, "\(name): the window start")
        let high = try InternalUnits.scalar(end, .ms, "\(name): the window end")
        var counts = [Int](repeating: 0, count: source.size)
        for (step, neuron) in zip(steps, neurons) {
            let time = InternalUnits.time(step: Int(step), dt: dt)
            if time >= low - 1e-9 * dt, time < high - 1e-9 * dt { counts[Int(neuron)] += 1 }
        }
        return counts
    }

    /// Forgets the recorded spikes.
    public func clear() {
        steps.removeAll(keepingCapacity: true)
        neurons.removeAll(keepingCapacity: true)
    }

    func record(step: Int) {
        let count = spikes.count
        guard count > 0 else { return }
        let stamp = Int32(truncatingIfNeeded: step)
        for k in 0..<count {
            steps.append(stamp)
            neurons.append(spikes.indices[k])
        }
    }
}
