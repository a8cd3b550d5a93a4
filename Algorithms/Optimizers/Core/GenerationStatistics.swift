import Foundation

/// Minimum, maximum, mean and standard deviation of each objective over a population (DEAP's
/// `Statistics` with `min`, `max`, `avg`, `std`), plus the evaluation count of the generation.
public struct GenerationStatistics: Sendable, Hashable, Codable {
    /// The generation (0-based).
    public var generation: Int
    /// How many individuals were evaluated in this generation.
    public var evaluations: Int
    /// How many of those evaluations failed.
    public var failures: Int
    /// Per objective, over the individuals with a finite value.
    public var minimum: [Double], maximum: [Double], mean: [Double], standardDeviation: [Double]

    /// Statistics of `population` (population standard deviation, as numpy's default).
    public init(generation: Int, evaluations: Int, failures: Int = 0, population: [Individual], objectives: Int) {
        self.generation = generation
        self.evaluations = evaluations
        self.failures = failures
        minimum = []
        maximum = []
        mean = []
        standardDeviation = []
        for objective in 0..<objectives {
            // Two passes over the population in place (sum, then squared deviations): the same sums in the
            // same order as before, without gathering the values into arrays.
            var count = 0, sum = 0.0, lowest = Double.infinity, highest = -Double.infinity
            for index in population.indices {
                guard let fitness = population[index].fitness, objective < fitness.count, case let value = fitness[objective], value.isFinite else { continue }
                count += 1
                sum += value
                lowest = Swift.min(lowest, value)
                highest = Swift.max(highest, value)
            }
            guard count > 0 else {
                minimum.append(.nan); maximum.append(.nan); mean.append(.nan); standardDeviation.append(.nan)
                continue
            }
            let average = sum / Double(count)
            var squares = 0.0
            for index in population.indices {
                guard let fitness = population[index].fitness, objective < fitness.count, case let value = fitness[objective], value.isFinite else { continue }
                squares += (value - average) * (value - average)
            }
            minimum.append(lowest)
            maximum.append(highest)
            mean.append(average)
            standardDeviation.append((squares / Double(count)).squareRoot())
        }
    }

    /// A log line like DEAP's logbook (`gen nevals min max avg std` of the first objective).
    public var line: String {
        String(format: "%5d %7d %14.6g %14.6g %14.6g %14.6g", generation, evaluations,
               minimum.first ?? .nan, maximum.first ?? .nan, mean.first ?? .nan, standardDeviation.first ?? .nan)
    }

    /// The header matching ``line``.
    public static let header = String(format: "%5@ %7@ %14@ %14@ %14@ %14@", "gen", "nevals", "min", "max", "avg", "std")
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
