/// The best individuals ever seen (DEAP's `HallOfFame`): at most `capacity`, best first, each genome
/// once.
public struct HallOfFame: Sendable, Hashable, Codable {
    /// How many individuals it keeps.
    public let capacity: Int
    /// The individuals, best first.
    @PackedIndividuals public private(set) var members: [Individual] = []

    /// An empty hall of fame.
    public init(capacity: Int = 10) {
        self.capacity = max(1, capacity)
    }

    /// Considers every evaluated individual of `population`.
    public mutating func update(with population: [Individual]) {
        for candidate in population where candidate.isEvaluated && candidate.failure == nil {
            if members.count == capacity, let worst = members.last, !candidate.isBetter(than: worst) { continue }
            if members.contains(where: { $0.genome == candidate.genome }) { continue }
            let position = members.firstIndex { candidate.isBetter(than: $0) } ?? members.count
            members.insert(candidate, at: position)
            if members.count > capacity { members.removeLast() }
        }
    }

    /// The best individual, if any.
    public var best: Individual? { members.first }
}
