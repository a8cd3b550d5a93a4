public import PypetCore

/// Records one state variable of chosen neurons of a group at every `interval`-th step, at the start of
/// the step (the value at the sample's time).
public final class StateMonitor: NetworkElement {
    public let name: String
    /// The recorded group.
    public let group: NeuronGroup
    /// The recorded variable.
    public let variable: StateVariable
    /// The recorded neurons.
    public let recorded: [Int]
    /// Steps between samples.
    public let interval: Int
    var sampleSteps: [Int32] = []
    /// Samples, time-major: `samples[t * recorded.count + k]`.
    var samples: [Double] = []
    var dt = 0.1

    /// A monitor of `variable` of the neurons `record` of `group`, sampled every `interval` steps.
    public init(name: String, group: NeuronGroup, variable: StateVariable, record: [Int], interval: Int = 1) throws(NetworkError) {
        if let bad = record.first(where: { $0 < 0 || $0 >= group.size }) {
            throw NetworkError.structure("neuron \(bad) is not in \(group.name) (0..<\(group.size))", item: name)
        }
        guard interval > 0 else { throw NetworkError.structure("the sampling interval must be at least one step (got \(interval))", item: name) }
        self.name = name
        self.group = group
        self.variable = variable
        recorded = record
        self.interval = interval
    }

    private init(copying other: StateMonitor, group: NeuronGroup) {
        name = other.name
        self.group = group
        variable = other.variable
        recorded = other.recorded
        interval = other.interval
        sampleSteps = other.sampleSteps
        samples = other.samples
        dt = other.dt
    }

    func copy(group: NeuronGroup) -> StateMonitor { StateMonitor(copying: self, group: group) }

    /// The sample times (`ms`).
    public var times: Quantity { Quantity(sampleSteps.map { InternalUnits.time(step: Int($0), dt: dt) }, .ms) }

    /// The samples as a `recorded.count x samples` array in the variable's unit (row k: neuron `recorded[k]`).
    public var values: Quantity {
        let columns = sampleSteps.count, rows = recorded.count
        var matrix = [Double](repeating: 0, count: rows * columns)
        for t in 0..<columns {
            for k in 0..<rows { matrix[k * columns + t] = samples[t * rows + k] }
        }
        return (try? Quantity(magnitudes: matrix, shape: [rows, columns], unit: group.unit(of: variable))) ?? Quantity(matrix, group.unit(of: variable))
    }

    /// The trace of the `k`-th recorded neuron.
    public func trace(_ k: Int) throws(NetworkError) -> Quantity {
        guard recorded.indices.contains(k) else { throw NetworkError.structure("no recorded neuron number \(k) (recording \(recorded.count))", item: name) }
        let rows = recorded.count
        return Quantity((0..<sampleSteps.count).map { samples[$0 * rows + k] }, group.unit(of: variable))
    }

    func record(step: Int) {
        guard step % interval == 0 else { return }
        sampleSteps.append(Int32(truncatingIfNeeded: step))
        switch variable {
        case .potential: for index in recorded { samples.append(group.v[index]) }
        case .excitatory: for index in recorded { samples.append(group.excitatory[index]) }
        case .inhibitory: for index in recorded { samples.append(group.inhibitory[index]) }
        case .adaptation: for index in recorded { samples.append(group.adaptation[index]) }
        }
    }
}
