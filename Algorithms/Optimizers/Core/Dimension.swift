public import PypetCore

/// One dimension of a parameter space, mapped to a trajectory parameter of the same name.
///
/// Genomes hold one `Double` per dimension: the value itself for continuous dimensions, an integral value
/// for integer dimensions and the index of the category for categorical ones.
public enum Dimension: Sendable, Hashable {
    /// A real value in `lower...upper`, stored as a `Double` parameter. Either bound may be infinite (an
    /// unbounded dimension, searched by CMA-ES only).
    case continuous(String, lower: Double, upper: Double)
    /// A positive real value in `lower...upper` (`0 < lower < upper`, finite) searched on a logarithmic
    /// scale (TPE models its logarithm; sampling is log-uniform), stored as a `Double` parameter.
    case logarithmic(String, lower: Double, upper: Double)
    /// An integer in `lower...upper`, stored as an `Int` parameter.
    case integer(String, lower: Int, upper: Int)
    /// One of `values` (any parameter values of one type).
    case categorical(String, values: [PypetValue])

    /// The parameter name (may be dotted: `model.learning_rate`).
    public var name: String {
        switch self {
        case .continuous(let name, _, _), .logarithmic(let name, _, _), .integer(let name, _, _), .categorical(let name, _): name
        }
    }

    /// The genome's lower bound in this dimension.
    public var lowerBound: Double {
        switch self {
        case .continuous(_, let lower, _), .logarithmic(_, let lower, _): lower
        case .integer(_, let lower, _): Double(lower)
        case .categorical: 0
        }
    }

    /// The genome's upper bound in this dimension.
    public var upperBound: Double {
        switch self {
        case .continuous(_, _, let upper), .logarithmic(_, _, let upper): upper
        case .integer(_, _, let upper): Double(upper)
        case .categorical(_, let values): Double(max(0, values.count - 1))
        }
    }

    /// Whether genome values are whole numbers in this dimension.
    public var isDiscrete: Bool {
        switch self {
        case .continuous, .logarithmic: false
        case .integer, .categorical: true
        }
    }

    /// The parameter value a genome coordinate stands for (discrete coordinates are rounded and clamped).
    public func value(of coordinate: Double) -> PypetValue {
        switch self {
        case .continuous, .logarithmic: .double(coordinate)
        case .integer(_, let lower, let upper): .int(min(upper, max(lower, Int(coordinate.rounded()))))
        case .categorical(_, let values):
            values[min(values.count - 1, max(0, Int(coordinate.rounded())))]
        }
    }

    /// The genome coordinate of a parameter value, or nil when the value does not belong to this dimension.
    public func coordinate(of value: PypetValue) -> Double? {
        switch (self, value) {
        case (.continuous, .double(let v)), (.logarithmic, .double(let v)): v
        case (.integer, .int(let v)): Double(v)
        case (.categorical(_, let values), _): values.firstIndex(of: value).map(Double.init)
        default: nil
        }
    }

    /// The parameter's default value (the middle of the range (geometric for logarithmic ones), the finite bound of a half-bounded range, 0
    /// for an unbounded one, or the first category).
    public var defaultValue: PypetValue {
        if isDiscrete { return value(of: lowerBound) }
        switch (lowerBound.isFinite, upperBound.isFinite) {
        case (true, true):
            if case .logarithmic = self { return value(of: (lowerBound * upperBound).squareRoot()) }
            return value(of: (lowerBound + upperBound) / 2)
        case (true, false): return value(of: lowerBound)
        case (false, true): return value(of: upperBound)
        case (false, false): return value(of: 0)
        }
    }
}
