import Foundation
public import GSLRandom
public import PypetCore

/// The bounded, typed space an optimizer searches: one ``Dimension`` per trajectory parameter.
public struct ParameterSpace: Sendable, Hashable {
    /// The dimensions, in genome order.
    public let dimensions: [Dimension]
    /// Lower bounds of the genome.
    public let lowerBounds: [Double]
    /// Upper bounds of the genome.
    public let upperBounds: [Double]
    /// Whether each dimension takes whole values only (integer and categorical dimensions).
    public let discreteMask: [Bool]
    /// The conditions of the conditional dimensions (empty: every dimension is always active).
    public let conditions: [DimensionCondition]
    /// Per dimension, the index of the parent it depends on (nil: unconditional).
    let parentIndices: [Int?]
    /// Per dimension, the parent coordinates (category indices) for which it is active.
    let activeCoordinates: [[Double]]
    /// Per dimension, the coordinate of its default value (held while inactive).
    public let defaultCoordinates: [Double]

    /// A space; names must be unique valid parameter names, ranges non-empty, categories non-empty.
    /// `conditions` make dimensions conditional on a categorical parent listed before them.
    public init(_ dimensions: [Dimension], conditions: [DimensionCondition] = []) throws(AlgorithmError) {
        func invalid(_ message: String) -> AlgorithmError { AlgorithmError(code: .invalidConfiguration, message: message) }
        guard !dimensions.isEmpty else { throw invalid("a parameter space needs at least one dimension") }
        var names = Set<String>()
        for dimension in dimensions {
            guard names.insert(dimension.name).inserted else { throw invalid("dimension '\(dimension.name)' appears twice") }
            for component in dimension.name.split(separator: ".", omittingEmptySubsequences: false) {
                do { try NodeName.validate(String(component)) } catch { throw invalid("dimension name '\(dimension.name)': \(error.message)") }
            }
            switch dimension {
            case .continuous(let name, let lower, let upper):
                guard !lower.isNaN, !upper.isNaN, lower < upper, lower < .infinity, upper > -.infinity else {
                    throw invalid("'\(name)': bounds \(lower)...\(upper) need lower < upper (either may be infinite: an unbounded dimension)")
                }
            case .logarithmic(let name, let lower, let upper):
                guard lower > 0, lower < upper, upper.isFinite else {
                    throw invalid("'\(name)': a logarithmic dimension needs finite bounds with 0 < lower < upper, not \(lower)...\(upper)")
                }
            case .integer(let name, let lower, let upper):
                guard lower <= upper else { throw invalid("'\(name)': bounds \(lower)...\(upper) are empty") }
            case .categorical(let name, let values):
                guard !values.isEmpty else { throw invalid("'\(name)': no categories") }
                guard Set(values).count == values.count else { throw invalid("'\(name)': categories repeat") }
                guard let first = values.first, values.allSatisfy({ $0.hasSameType(as: first) }) else {
                    throw invalid("'\(name)': categories must have one type")
                }
            }
        }
        var parents = [Int?](repeating: nil, count: dimensions.count)
        var active = [[Double]](repeating: [], count: dimensions.count)
        for condition in conditions {
            guard let index = dimensions.firstIndex(where: { $0.name == condition.dimension }) else {
                throw invalid("a condition names the dimension '\(condition.dimension)', which the space does not have")
            }
            guard parents[index] == nil else { throw invalid("dimension '\(condition.dimension)' has two conditions") }
            guard let parent = dimensions.firstIndex(where: { $0.name == condition.parent }), parent < index else {
                throw invalid("the parent '\(condition.parent)' of '\(condition.dimension)' must be a dimension listed before it")
            }
            guard case .categorical(_, let categories) = dimensions[parent] else {
                throw invalid("the parent '\(condition.parent)' of '\(condition.dimension)' must be categorical")
            }
            var coordinates: [Double] = []
            for value in condition.values {
                guard let position = categories.firstIndex(of: value) else {
                    throw invalid("'\(condition.dimension)': \(value) is not a category of '\(condition.parent)'")
                }
                coordinates.append(Double(position))
            }
            guard !coordinates.isEmpty else { throw invalid("'\(condition.dimension)': the condition lists no category") }
            parents[index] = parent
            active[index] = coordinates
        }
        self.dimensions = dimensions
        self.conditions = conditions
        parentIndices = parents
        activeCoordinates = active
        lowerBounds = dimensions.map(\.lowerBound)
        upperBounds = dimensions.map(\.upperBound)
        discreteMask = dimensions.map(\.isDiscrete)
        defaultCoordinates = dimensions.map { $0.coordinate(of: $0.defaultValue) ?? $0.lowerBound }
    }

    /// Whether some dimension is conditional.
    public var isConditional: Bool { !conditions.isEmpty }

    /// Whether dimension `index` is active for `genome` (its parent active and in the listed categories);
    /// only the coordinates before `index` are read.
    public func isActive(_ index: Int, in genome: [Double]) -> Bool {
        guard let parent = parentIndices[index] else { return true }
        return isActive(parent, in: genome) && activeCoordinates[index].contains(genome[parent].rounded())
    }

    /// Throws when the space has conditional dimensions (the optimizers that search every coordinate).
    package func requireUnconditional(for algorithm: String) throws(AlgorithmError) {
        if let condition = conditions.first {
            throw AlgorithmError(
                code: .invalidConfiguration,
                message: "\(algorithm) does not search conditional dimensions ('\(condition.dimension)'); TPE, random search and the genetic algorithms do")
        }
    }

    /// `count` continuous dimensions `x0, x1, ...` in `lower...upper` (benchmark functions).
    public static func box(_ count: Int, lower: Double, upper: Double, prefix: String = "x") throws(AlgorithmError) -> ParameterSpace {
        try ParameterSpace((0..<count).map { .continuous("\(prefix)\($0)", lower: lower, upper: upper) })
    }

    /// Whether every dimension has finite bounds (only CMA-ES searches unbounded continuous dimensions).
    public var isBounded: Bool {
        zip(lowerBounds, upperBounds).allSatisfy { $0.isFinite && $1.isFinite }
    }

    /// Throws unless every dimension is bounded (the algorithms that sample uniformly in the bounds).
    package func requireBounded(for algorithm: String) throws(AlgorithmError) {
        if let dimension = dimensions.first(where: { !($0.lowerBound.isFinite && $0.upperBound.isFinite) }) {
            throw AlgorithmError(
                code: .invalidConfiguration,
                message: "\(algorithm) needs finite bounds, and dimension '\(dimension.name)' is unbounded (CMA-ES searches unbounded dimensions)")
        }
    }

    /// The number of dimensions.
    public var count: Int { dimensions.count }

    /// The parameter values of a genome, in dimension order.
    public func values(of genome: [Double]) -> [PypetValue] {
        zip(dimensions, genome).map { $0.value(of: $1) }
    }

    /// A uniform random genome (discrete dimensions get whole values, logarithmic ones are log-uniform).
    public func sample(_ random: RandomStream) -> [Double] {
        guard isConditional else { return dimensions.map { Self.draw($0, random) } }
        // In order: a parent's value decides whether its children are drawn or held at their defaults.
        var genome: [Double] = []
        genome.reserveCapacity(count)
        for index in dimensions.indices {
            genome.append(isActive(index, in: genome) ? Self.draw(dimensions[index], random) : defaultCoordinates[index])
        }
        return genome
    }

    /// A uniform draw of one coordinate.
    private static func draw(_ dimension: Dimension, _ random: RandomStream) -> Double {
        if dimension.isDiscrete {
            return Double(random.integer(in: Int(dimension.lowerBound)...Int(dimension.upperBound)))
        }
        if case .logarithmic(_, let lower, let upper) = dimension {
            return min(upper, max(lower, exp(log(lower) + (log(upper) - log(lower)) * random.uniform())))
        }
        return dimension.lowerBound + (dimension.upperBound - dimension.lowerBound) * random.uniform()
    }

    /// Whether every coordinate is within bounds.
    public func contains(_ genome: [Double]) -> Bool {
        genome.count == count && genome.indices.allSatisfy { genome[$0] >= lowerBounds[$0] && genome[$0] <= upperBounds[$0] }
    }

    /// How far a genome lies outside the bounds (sum over coordinates; 0 inside).
    public func violation(_ genome: [Double]) -> Double {
        var total = 0.0
        for index in genome.indices {
            total += max(0, lowerBounds[index] - genome[index]) + max(0, genome[index] - upperBounds[index])
        }
        return total
    }

    /// Brings a genome into the space: out-of-bounds coordinates are clipped or reflected, discrete ones
    /// rounded, inactive conditional ones set to their defaults.
    public func repair(_ genome: inout [Double], reflect: Bool = false) {
        for index in genome.indices {
            let lower = lowerBounds[index], upper = upperBounds[index]
            var x = genome[index]
            if !x.isFinite { x = x == .infinity ? upper : lower }
            if reflect, upper > lower, (upper - lower).isFinite, x < lower || x > upper {
                // Mirror at the bounds as often as needed: fold onto a period of twice the width.
                let width = upper - lower
                var t = (x - lower).truncatingRemainder(dividingBy: 2 * width)
                if t < 0 { t += 2 * width }
                x = t <= width ? lower + t : upper - (t - width)
            }
            x = min(upper, max(lower, x))
            if discreteMask[index] { x = x.rounded() }
            genome[index] = x
        }
        if isConditional {
            for index in genome.indices where !isActive(index, in: genome) { genome[index] = defaultCoordinates[index] }
        }
    }

    /// A short description of a dimension for people, such as "continuous in [0.001, 0.1] (log scale)".
    public static func describe(_ dimension: Dimension) -> String {
        switch dimension {
        case .continuous(_, let lower, let upper): "continuous in [\(lower), \(upper)]"
        case .logarithmic(_, let lower, let upper): "continuous in [\(lower), \(upper)], logarithmic scale"
        case .integer(_, let lower, let upper): "integer in [\(lower), \(upper)]"
        case .categorical(_, let values): "one of \(values.count) categories"
        }
    }
}
