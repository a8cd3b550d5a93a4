import Foundation

/// The smooth map of CMA-ES genotypes into a box, after pycma's `BoxConstraintsLinQuadTransformation`
/// (N. Hansen, pycma `cma/transformations.py`), written from its description.
///
/// Per coordinate with bounds `l < u` and margins `a_l = min((u − l)/2, max(1, |l|)/20)`,
/// `a_u = min((u − l)/2, max(1, |u|)/20)` (1 for an infinite bound): the identity on `[l + a_l, u − a_u]`,
/// the parabola `l + (x − (l − a_l))² / (4 a_l)` on `[l − a_l, l + a_l]` (value `l` and slope 0 at `l − a_l`,
/// slope 1 at `l + a_l`) and its mirror image at the upper bound; outside `[l − a_l, u + a_u]` the genotype
/// is first mirrored at `l − a_l` or `u + a_u` and, far away, shifted by the period `2 (u − l + a_l + a_u)`.
/// The result is continuous and differentiable, always in `[l, u]`, and invertible on `[l − a_l, u + a_u]`.
/// Unbounded coordinates are left unchanged.
public struct CMAESBoundTransform: Sendable, Hashable {
    /// The lower and upper bounds.
    public let lower: [Double], upper: [Double]
    /// The margins below the lower and above the upper bound.
    public let lowerMargin: [Double], upperMargin: [Double]

    /// The transform into `lower...upper` (coordinate-wise; infinite bounds allowed).
    public init(lower: [Double], upper: [Double]) {
        self.lower = lower
        self.upper = upper
        func margin(_ bound: Double, _ range: Double) -> Double {
            bound.isFinite ? min(range / 2, max(1, abs(bound)) / 20) : 1
        }
        lowerMargin = zip(lower, upper).map { margin($0, $1 - $0) }
        upperMargin = zip(lower, upper).map { margin($1, $1 - $0) }
    }

    /// `x` mapped into the box.
    public func callAsFunction(_ x: [Double]) -> [Double] {
        x.indices.map { transform(x[$0], at: $0) }
    }

    /// A genotype that maps to `y` (`y` is first brought into the bounds), in `[l − a_l, u + a_u]`.
    public func inverse(_ y: [Double]) -> [Double] {
        y.indices.map { inverse(y[$0], at: $0) }
    }

    /// Coordinate `i` of the transform (unchanged for a coordinate without bounds, `i` beyond them).
    public func transform(_ value: Double, at i: Int) -> Double {
        guard i >= 0, i < min(lower.count, upper.count) else { return value }
        let l = lower[i], u = upper[i], al = lowerMargin[i], au = upperMargin[i]
        guard value.isFinite else { return value == .infinity ? (u.isFinite ? u : value) : (l.isFinite ? l : value) }
        if !l.isFinite && !u.isFinite { return value }
        guard u > l else { return l }
        var x = value
        if l.isFinite && u.isFinite {
            let start = l - 2 * al - (u - l) / 2
            if x < start || x > u + 2 * au + (u - l) / 2 {
                let period = 2 * (u - l + al + au)
                x -= period * ((x - start) / period).rounded(.down)
            }
        }
        if u.isFinite && x > u + au { x -= 2 * (x - u - au) }
        if l.isFinite && x < l - al { x += 2 * (l - al - x) }
        if l.isFinite && x < l + al { return min(u, max(l, l + (x - (l - al)) * (x - (l - al)) / (4 * al))) }
        if u.isFinite && x > u - au { return min(u, max(l, u - (x - (u + au)) * (x - (u + au)) / (4 * au))) }
        return x
    }

    /// Coordinate `i` of the inverse (unchanged for `i` beyond the bounds).
    public func inverse(_ value: Double, at i: Int) -> Double {
        guard i >= 0, i < min(lower.count, upper.count) else { return value }
        let l = lower[i], u = upper[i], al = lowerMargin[i], au = upperMargin[i]
        if !l.isFinite && !u.isFinite { return value }
        guard u > l else { return l }
        let y = min(u, max(l, value))
        if l.isFinite && y < l + al { return (l - al) + 2 * (al * (y - l)).squareRoot() }
        if u.isFinite && y > u - au { return (u + au) - 2 * (au * (u - y)).squareRoot() }
        return y
    }
}
