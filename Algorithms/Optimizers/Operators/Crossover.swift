import Foundation
public import GSLRandom

/// Crossover operators on genomes (DEAP's `cx*`), each drawing from the given stream in a fixed order.
public enum Crossover: Sendable, Hashable, Codable {
    /// One cut point; tails swapped (`cxOnePoint`).
    case onePoint
    /// Two cut points; the middle swapped (`cxTwoPoint`).
    case twoPoint
    /// Each coordinate swapped with probability `probability` (`cxUniform`).
    case uniform(probability: Double)
    /// Blend: `γ = (1 + 2α)u − α` per coordinate (`cxBlend`).
    case blend(alpha: Double)
    /// Simulated binary crossover within the bounds (`cxSimulatedBinaryBounded`), crowding `eta`.
    case simulatedBinaryBounded(eta: Double)

    /// Crosses two genomes in place.
    public func apply(_ first: inout [Double], _ second: inout [Double], lower: [Double], upper: [Double], random: RandomStream) {
        let size = min(first.count, second.count)
        guard size > 0 else { return }
        switch self {
        case .onePoint:
            guard size > 1 else { return }
            let point = random.integer(in: 1...(size - 1))
            for index in point..<size { swapAt(&first, &second, index) }
        case .twoPoint:
            guard size > 1 else { return }
            var a = random.integer(in: 1...size)
            var b = random.integer(in: 1...(size - 1))
            if b >= a { b += 1 } else { swap(&a, &b) }
            for index in a..<b { swapAt(&first, &second, index) }
        case .uniform(let probability):
            for index in 0..<size where random.uniform() < probability { swapAt(&first, &second, index) }
        case .blend(let alpha):
            for index in 0..<size {
                let gamma = (1 + 2 * alpha) * random.uniform() - alpha
                let x1 = first[index], x2 = second[index]
                first[index] = (1 - gamma) * x1 + gamma * x2
                second[index] = gamma * x1 + (1 - gamma) * x2
            }
        case .simulatedBinaryBounded(let eta):
            for index in 0..<size where random.uniform() <= 0.5 {
                let xl = lower[index], xu = upper[index]
                guard abs(first[index] - second[index]) > 1e-14 else { continue }
                let x1 = min(first[index], second[index]), x2 = max(first[index], second[index])
                let u = random.uniform()
                func spread(_ beta: Double) -> Double {
                    let alpha = 2 - pow(beta, -(eta + 1))
                    return u <= 1 / alpha ? pow(u * alpha, 1 / (eta + 1)) : pow(1 / (2 - u * alpha), 1 / (eta + 1))
                }
                let q1 = spread(1 + 2 * (x1 - xl) / (x2 - x1))
                let q2 = spread(1 + 2 * (xu - x2) / (x2 - x1))
                let c1 = min(max(0.5 * (x1 + x2 - q1 * (x2 - x1)), xl), xu)
                let c2 = min(max(0.5 * (x1 + x2 + q2 * (x2 - x1)), xl), xu)
                if random.uniform() <= 0.5 {
                    first[index] = c2
                    second[index] = c1
                } else {
                    first[index] = c1
                    second[index] = c2
                }
            }
        }
    }

    private func swapAt(_ first: inout [Double], _ second: inout [Double], _ index: Int) {
        let value = first[index]
        first[index] = second[index]
        second[index] = value
    }

    /// The operator's settings, for records.
    public var description: String {
        switch self {
        case .onePoint: "one-point"
        case .twoPoint: "two-point"
        case .uniform(let p): "uniform(p=\(p))"
        case .blend(let alpha): "blend(alpha=\(alpha))"
        case .simulatedBinaryBounded(let eta): "sbx(eta=\(eta))"
        }
    }
}
