/// How ``Synapses/connect(_:random:)`` chooses the pairs of neurons it connects.
public enum ConnectionRule: Sendable, Hashable {
    /// Every pair independently with probability `p` (self-connections only when `allowSelf` and the
    /// source is the target group).
    case probability(Double, allowSelf: Bool = false)
    /// Every target neuron receives exactly `k` inputs from distinct sources chosen uniformly.
    case fixedInDegree(Int, allowSelf: Bool = false)
    /// Source `i` to target `i` (groups of equal size).
    case oneToOne
    /// Block structure: neurons belong to clusters of `clusterSize` consecutive indices (in the source
    /// and in the target group); pairs in the same cluster connect with probability `inside` and a
    /// weight multiplied by `weightFactor`, other pairs with probability `outside` and the plain weight.
    /// Litwin-Kumar and Doiron's clustered excitatory network.
    case clustered(clusterSize: Int, inside: Double, outside: Double, weightFactor: Double = 1)
}
