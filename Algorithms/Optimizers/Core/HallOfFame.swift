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
        // By index: most candidates are rejected, and reading them in place copies nothing.
        for index in population.indices where population[index].isEvaluated && population[index].failure == nil {
            if members.count == capacity, !members.isEmpty, !population[index].isBetter(than: members[members.count - 1]) { continue }
            if members.contains(where: { $0.genome == population[index].genome }) { continue }
            let position = members.firstIndex { population[index].isBetter(than: $0) } ?? members.count
            members.insert(population[index], at: position)
            if members.count > capacity { members.removeLast() }
        }
    }

    /// The best individual, if any.
    public var best: Individual? { members.first }
}
