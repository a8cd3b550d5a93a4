/// Anything a ``Network`` simulates or records: neuron groups, Poisson groups, synapses and monitors.
///
/// The engine's own types conform; a network rejects other conforming types with
/// ``NetworkError/Code/invalidStructure``.
public protocol NetworkElement: AnyObject {
    /// The element's name, unique in its network (used in messages and as a result name).
    var name: String { get }
}
