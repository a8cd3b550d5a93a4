public import GSLRandom

/// Selection operators (DEAP's `sel*`): they return indices into the population, so individuals are
/// never copied until chosen.
public enum Selection: Sendable, Hashable, Codable {
    /// The best of `size` random aspirants, `k` times (`selTournament`).
    case tournament(size: Int)
    /// Fitness-proportionate on the first objective (`selRoulette`; maximized, non-negative fitness).
    case roulette
    /// The `k` best (`selBest`).
    case best
    /// `k` uniform random picks (`selRandom`).
    case random
    /// NSGA-II: non-dominated fronts, then crowding distance (`selNSGA2`).
    case nsga2

    /// The indices of `k` selected individuals.
    public func select(_ k: Int, from population: [Individual], random: RandomStream) -> [Int] {
        guard !population.isEmpty, k > 0 else { return [] }
        switch self {
        case .tournament(let size):
            return (0..<k).map { _ in
                var best = random.integer(in: 0...(population.count - 1))
                for _ in 1..<max(1, size) {
                    let aspirant = random.integer(in: 0...(population.count - 1))
                    if population[aspirant].isBetter(than: population[best]) { best = aspirant }
                }
                return best
            }
        case .roulette:
            let order = Self.sortedBestFirst(population)
            let fitness = order.map { max(0, population[$0].fitness?.firstValue ?? 0) }
            let total = fitness.reduce(0, +)
            return (0..<k).map { _ in
                let target = random.uniform() * total
                var sum = 0.0
                for (position, value) in fitness.enumerated() {
                    sum += value
                    if sum > target { return order[position] }
                }
                return order[order.count - 1]
            }
        case .best:
            return Array(Self.sortedBestFirst(population).prefix(k))
        case .random:
            return (0..<k).map { _ in random.integer(in: 0...(population.count - 1)) }
        case .nsga2:
            return NondominatedSorting.selectNSGA2(k, from: population)
        }
    }

    /// Indices of the population, best first (stable: ties keep population order).
    static func sortedBestFirst(_ population: [Individual]) -> [Int] {
        population.indices.sorted { a, b in
            if population[a].isBetter(than: population[b]) { return true }
            if population[b].isBetter(than: population[a]) { return false }
            return a < b
        }
    }

    /// The operator's settings, for records.
    public var description: String {
        switch self {
        case .tournament(let size): "tournament(\(size))"
        case .roulette: "roulette"
        case .best: "best"
        case .random: "random"
        case .nsga2: "nsga2"
        }
    }
}
