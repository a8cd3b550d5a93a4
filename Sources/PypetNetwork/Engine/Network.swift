public import PypetCore

/// A clock-driven simulation of neuron groups, Poisson groups, synapses and monitors.
///
/// Every step of length ``dt`` (at time `t = step * dt`): delayed synaptic input that fell due in the
/// previous step reaches the neurons; monitors of state variables sample; neuron groups integrate,
/// spike and reset; Poisson groups draw their spikes; synapses add the spikes' weights to their
/// targets' synaptic variables (or, with a delay, to the slot of the arrival step in the target's ring
/// buffer), so that a spike acts from the step after its arrival; spike and rate monitors record.
/// Elements can be added and removed between runs; the state carries over.
public final class Network {
    /// The time step.
    public let dt: Quantity
    let dtValue: Double
    /// The elements, in the order they were added.
    public private(set) var elements: [any NetworkElement] = []
    /// Steps simulated so far.
    public private(set) var stepCount = 0

    var groups: [NeuronGroup] = []
    var poissonGroups: [PoissonGroup] = []
    var synapses: [Synapses] = []
    var spikeMonitors: [SpikeMonitor] = []
    var stateMonitors: [StateMonitor] = []
    var rateMonitors: [PopulationRateMonitor] = []

    /// An empty network with time step `dt`.
    public init(dt: Quantity = 0.1 * .ms) throws(NetworkError) {
        dtValue = try InternalUnits.scalar(dt, .ms, "the time step")
        guard dtValue > 0 else { throw NetworkError.model("the time step \(dt) must be positive") }
        self.dt = dt
    }

    /// The simulated time.
    public var time: Quantity { Quantity(InternalUnits.time(step: stepCount, dt: dtValue), .ms) }

    /// Adds elements. An element already in the network, a name used twice or an element of a foreign
    /// type throws ``NetworkError/Code/invalidStructure``.
    public func add(_ newElements: [any NetworkElement]) throws(NetworkError) {
        for element in newElements {
            guard !contains(element) else { throw NetworkError.structure("is already in the network", item: element.name) }
            guard self.element(named: element.name) == nil else {
                throw NetworkError.structure("another element of the network has this name; give every element its own name", item: element.name)
            }
            switch element {
            case let group as NeuronGroup: groups.append(group)
            case let group as PoissonGroup: poissonGroups.append(group)
            case let projection as Synapses: synapses.append(projection)
            case let monitor as SpikeMonitor: spikeMonitors.append(monitor)
            case let monitor as StateMonitor: stateMonitors.append(monitor)
            case let monitor as PopulationRateMonitor: rateMonitors.append(monitor)
            default:
                throw NetworkError.structure("\(type(of: element)) is not an element this engine simulates", item: element.name)
            }
            elements.append(element)
        }
    }

    /// Adds elements.
    public func add(_ newElements: any NetworkElement...) throws(NetworkError) { try add(newElements) }

    /// Removes an element (a monitor stops recording and keeps its data). An element not in the network
    /// throws ``NetworkError/Code/invalidStructure``.
    public func remove(_ element: any NetworkElement) throws(NetworkError) {
        guard contains(element) else { throw NetworkError.structure("is not in the network", item: element.name) }
        let id = ObjectIdentifier(element)
        elements.removeAll { ObjectIdentifier($0) == id }
        groups.removeAll { ObjectIdentifier($0) == id }
        poissonGroups.removeAll { ObjectIdentifier($0) == id }
        synapses.removeAll { ObjectIdentifier($0) == id }
        spikeMonitors.removeAll { ObjectIdentifier($0) == id }
        stateMonitors.removeAll { ObjectIdentifier($0) == id }
        rateMonitors.removeAll { ObjectIdentifier($0) == id }
    }

    /// Whether the element is in the network.
    public func contains(_ element: any NetworkElement) -> Bool {
        elements.contains { $0 === element }
    }

    /// The element of that name.
    public func element(named name: String) -> (any NetworkElement)? {
        elements.first { $0.name == name }
    }

    /// Simulates `duration` (rounded to whole steps). A negative or non-time duration, or synapses and
    /// monitors whose groups are not in the network, throw.
    public func run(_ duration: Quantity) throws(NetworkError) {
        let milliseconds = try InternalUnits.scalar(duration, .ms, "the run duration")
        guard milliseconds >= 0 else { throw NetworkError.model("the run duration \(duration) is negative") }
        let exact = (milliseconds / dtValue).rounded()
        // Monitors stamp steps as 32-bit integers: a network runs at most 2^31 - 1 steps in all.
        guard exact <= Double(Int(Int32.max) - stepCount) else {
            throw NetworkError.model("the run duration \(duration) takes more steps than a network can record (\(Int32.max) in all)")
        }
        let steps = Int(exact)
        try prepare()
        for _ in 0..<steps { advance() }
    }

    func prepare() throws(NetworkError) {
        func require(_ element: any NetworkElement, for user: any NetworkElement) throws(NetworkError) {
            guard contains(element) else {
                throw NetworkError.structure("uses \(element.name), which is not in the network; add it too", item: user.name)
            }
        }
        var slots: [ObjectIdentifier: Int] = [:]
        for projection in synapses {
            try require(projection.source, for: projection)
            try require(projection.target, for: projection)
            try projection.prepare(dt: dtValue)
            // Delayed input waits in the target's ring buffer (one slot per step of the longest delay);
            // input without delay goes straight to the synaptic variables.
            if projection.delaySteps > 0 {
                let id = ObjectIdentifier(projection.target)
                slots[id] = max(slots[id] ?? 0, projection.delaySteps + 1)
            }
        }
        for group in groups { try group.prepare(dt: dtValue, slots: max(group.slots, slots[ObjectIdentifier(group)] ?? 0)) }
        for monitor in spikeMonitors {
            try require(monitor.source, for: monitor)
            monitor.dt = dtValue
        }
        for monitor in rateMonitors {
            try require(monitor.source, for: monitor)
            monitor.dt = dtValue
        }
        for monitor in stateMonitors {
            try require(monitor.group, for: monitor)
            monitor.dt = dtValue
        }
    }

    /// One time step.
    private func advance() {
        let step = stepCount
        for group in groups { group.receive(step: step) }
        for monitor in stateMonitors { monitor.record(step: step) }
        for group in groups { group.update(step: step) }
        for group in poissonGroups { group.update(dt: dtValue) }
        for projection in synapses { projection.propagate(step: step) }
        for monitor in spikeMonitors { monitor.record(step: step) }
        for monitor in rateMonitors { monitor.record(step: step) }
        stepCount += 1
    }

    // MARK: Copying

    /// A deep copy of the network and its elements (sparse rows are shared copy-on-write), with the map
    /// from every original element to its copy.
    func copy() throws(NetworkError) -> (Network, [ObjectIdentifier: any NetworkElement]) {
        let copy = try Network(dt: dt)
        copy.stepCount = stepCount
        var map: [ObjectIdentifier: any NetworkElement] = [:]
        // Sources first, then what refers to them.
        for element in elements {
            switch element {
            case let group as NeuronGroup: map[ObjectIdentifier(group)] = group.copy()
            case let group as PoissonGroup: map[ObjectIdentifier(group)] = try group.copy()
            default: continue
            }
        }
        func source(_ original: any SpikeSource, for user: String) throws(NetworkError) -> any SpikeSource {
            guard let mapped = map[ObjectIdentifier(original)] as? any SpikeSource else {
                throw NetworkError.structure("uses \(original.name), which is not in the network being copied", item: user)
            }
            return mapped
        }
        for element in elements {
            switch element {
            case let projection as Synapses:
                guard let target = map[ObjectIdentifier(projection.target)] as? NeuronGroup else {
                    throw NetworkError.structure("targets \(projection.target.name), which is not in the network being copied", item: projection.name)
                }
                map[ObjectIdentifier(projection)] = try projection.copy(source: try source(projection.source, for: projection.name), target: target)
            case let monitor as SpikeMonitor:
                map[ObjectIdentifier(monitor)] = try monitor.copy(source: try source(monitor.source, for: monitor.name))
            case let monitor as PopulationRateMonitor:
                map[ObjectIdentifier(monitor)] = try monitor.copy(source: try source(monitor.source, for: monitor.name))
            case let monitor as StateMonitor:
                guard let group = map[ObjectIdentifier(monitor.group)] as? NeuronGroup else {
                    throw NetworkError.structure("records \(monitor.group.name), which is not in the network being copied", item: monitor.name)
                }
                map[ObjectIdentifier(monitor)] = monitor.copy(group: group)
            default: continue
            }
        }
        try copy.add(elements.compactMap { map[ObjectIdentifier($0)] })
        return (copy, map)
    }
}
