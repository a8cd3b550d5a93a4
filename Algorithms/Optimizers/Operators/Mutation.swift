import Foundation
public import GSLRandom

/// Mutation operators on genomes (DEAP's `mut*`), each coordinate mutated with probability
/// `probability` (DEAP's `indpb`).
public enum Mutation: Sendable, Hashable, Codable {
    /// Adds `N(mean, sigma)` (`mutGaussian`).
    case gaussian(mean: Double, sigma: Double, probability: Double)
    /// Polynomial mutation within the bounds, crowding `eta` (`mutPolynomialBounded`).
    case polynomialBounded(eta: Double, probability: Double)
    /// Replaces the coordinate by a uniform draw within its bounds (`mutUniformInt` for discrete ones).
    case uniformReset(probability: Double)
    /// Discrete coordinates only: an integer moves by ±1..±`step`; a categorical one switches to another
    /// category. Continuous coordinates are left alone.
    case flip(step: Int, probability: Double)

    /// Mutates a genome in place. `discrete` marks the integer and categorical coordinates; `categorical`
    /// the categorical ones.
    public func apply(
        _ genome: inout [Double], lower: [Double], upper: [Double], discrete: [Bool], categorical: [Bool], random: RandomStream
    ) {
        switch self {
        case .gaussian(let mean, let sigma, let probability):
            for index in genome.indices where random.uniform() < probability {
                genome[index] += mean + sigma * random.gaussian()
            }
        case .polynomialBounded(let eta, let probability):
            for index in genome.indices where random.uniform() <= probability {
                let xl = lower[index], xu = upper[index]
                guard xu > xl else { continue }
                let x = genome[index]
                let delta1 = (x - xl) / (xu - xl), delta2 = (xu - x) / (xu - xl)
                let u = random.uniform()
                let power = 1 / (eta + 1)
                let deltaQ: Double
                if u < 0.5 {
                    let value = 2 * u + (1 - 2 * u) * pow(1 - delta1, eta + 1)
                    deltaQ = pow(value, power) - 1
                } else {
                    let value = 2 * (1 - u) + 2 * (u - 0.5) * pow(1 - delta2, eta + 1)
                    deltaQ = 1 - pow(value, power)
                }
                genome[index] = min(max(x + deltaQ * (xu - xl), xl), xu)
            }
        case .uniformReset(let probability):
            for index in genome.indices where random.uniform() < probability {
                if discrete[index] {
                    genome[index] = Double(random.integer(in: Int(lower[index])...Int(upper[index])))
                } else {
                    genome[index] = lower[index] + (upper[index] - lower[index]) * random.uniform()
                }
            }
        case .flip(let step, let probability):
            for index in genome.indices where discrete[index] && random.uniform() < probability {
                let low = Int(lower[index]), high = Int(upper[index])
                guard high > low else { continue }
                let current = Int(genome[index].rounded())
                if categorical[index] {
                    // Another category, uniformly.
                    var other = random.integer(in: low...(high - 1))
                    if other >= current { other += 1 }
                    genome[index] = Double(other)
                } else {
                    let distance = random.integer(in: 1...max(1, step))
                    let moved = random.uniform() < 0.5 ? current - distance : current + distance
                    genome[index] = Double(min(high, max(low, moved)))
                }
            }
        }
    }

    /// The operator's settings, for records.
    public var description: String {
        switch self {
        case .gaussian(let mean, let sigma, let p): "gaussian(mu=\(mean), sigma=\(sigma), p=\(p))"
        case .polynomialBounded(let eta, let p): "polynomial(eta=\(eta), p=\(p))"
        case .uniformReset(let p): "uniform-reset(p=\(p))"
        case .flip(let step, let p): "flip(step=\(step), p=\(p))"
        }
    }
}
