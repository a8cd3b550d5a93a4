public import PypetCore

/// Records a group's population rate in every step: the number of spikes divided by the group size and
/// the step length.
public final class PopulationRateMonitor: NetworkElement {
    public let name: String
    /// The recorded group.
    public let source: any SpikeSource
    var spikes: SpikeBuffer
    var steps: [Int32] = []
    var counts: [Int32] = []
    var dt = 0.1

    /// A monitor of `source`'s population rate.
    public init(name: String, source: any SpikeSource) throws(NetworkError) {
        self.name = name
        self.source = source
        spikes = try source.spikeBuffer()
    }

    private init(copying other: PopulationRateMonitor, source: any SpikeSource) throws(NetworkError) {
        name = other.name
        self.source = source
        spikes = try source.spikeBuffer()
        steps = other.steps
        counts = other.counts
        dt = other.dt
    }

    func copy(source: any SpikeSource) throws(NetworkError) -> PopulationRateMonitor { try PopulationRateMonitor(copying: self, source: source) }

    /// The step times (`ms`).
    public var times: Quantity { Quantity(steps.map { InternalUnits.time(step: Int($0), dt: dt) }, .ms) }

    /// The rate in every step (`Hz`).
    public var rates: Quantity {
        let scale = 1000 / (dt * Double(source.size))
        return Quantity(counts.map { Double($0) * scale }, .Hz)
    }

    /// The mean rate over the recorded steps.
    public var meanRate: Quantity {
        guard !counts.isEmpty else { return 0 * .Hz }
        let total = counts.reduce(0) { $0 + Double($1) }
        return Quantity(total * 1000 / (dt * Double(source.size) * Double(counts.count)), .Hz)
    }

    func record(step: Int) {
        steps.append(Int32(truncatingIfNeeded: step))
        counts.append(Int32(truncatingIfNeeded: spikes.count))
    }
}
