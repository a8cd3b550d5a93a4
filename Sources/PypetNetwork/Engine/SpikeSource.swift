/// A group whose spikes drive synapses and monitors: a ``NeuronGroup`` or a ``PoissonGroup``.
public protocol SpikeSource: NetworkElement {
    /// The number of neurons.
    var size: Int { get }
}

extension SpikeSource {
    /// The spike buffer of one of the engine's sources.
    func spikeBuffer() throws(NetworkError) -> SpikeBuffer {
        switch self {
        case let group as NeuronGroup: return group.spikes
        case let group as PoissonGroup: return group.spikes
        default: throw NetworkError.structure("\(type(of: self)) is not a spike source of this engine; use a NeuronGroup or a PoissonGroup", item: name)
        }
    }
}
