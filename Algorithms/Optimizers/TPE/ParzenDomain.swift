import Foundation

/// The domain of one coordinate of a ``ParzenEstimator``, in the estimator's internal units (the
/// logarithm of a logarithmic dimension's value).
public enum ParzenDomain: Sendable, Hashable, Codable {
    /// Real values in `low...high`: truncated normal kernels.
    case continuous(low: Double, high: Double)
    /// Whole numbers in `low...high`: each gets the mass of a truncated normal kernel (truncated to
    /// `low − ½ ... high + ½`) in `k − ½ ... k + ½`.
    case discrete(low: Double, high: Double)
    /// Category indices `0..<count`: each kernel is a distribution over the categories.
    case categorical(count: Int)

    /// The domain of a dimension, and whether its coordinates are logarithms.
    init(_ dimension: Dimension) {
        switch dimension {
        case .continuous(_, let lower, let upper): self = .continuous(low: lower, high: upper)
        case .logarithmic(_, let lower, let upper): self = .continuous(low: Foundation.log(lower), high: Foundation.log(upper))
        case .integer(_, let lower, let upper): self = .discrete(low: Double(lower), high: Double(upper))
        case .categorical(_, let values): self = .categorical(count: values.count)
        }
    }
}
