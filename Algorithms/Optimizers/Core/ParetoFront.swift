/// The non-dominated individuals ever seen (DEAP's `ParetoFront`), each genome once.
public struct ParetoFront: Sendable, Hashable, Codable {
    /// The members, in insertion order.
    @PackedIndividuals public private(set) var members: [Individual] = []

    /// An empty front.
    public init() {}

    /// Adds the individuals of `population` that no member dominates, and drops members they dominate.
    public mutating func update(with population: [Individual]) {
        for candidate in population where candidate.isEvaluated && candidate.failure == nil {
            if members.contains(where: { $0.dominates(candidate) || $0.genome == candidate.genome || $0.weightedValues == candidate.weightedValues }) { continue }
            members.removeAll { candidate.dominates($0) }
            members.append(candidate)
        }
    }
}
