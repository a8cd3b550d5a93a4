/// Builds explored ranges as the cartesian product of dimensions, each a parameter or a group of linked
/// (zipped) parameters.
///
/// The order is defined: the first dimension added varies slowest, the last fastest.
///
/// ```swift
/// var product = CartesianProduct()
/// try product.add("x", [1.0, 2.0])
/// try product.addLinked(["y": [10, 20, 30], "label": ["a", "b", "c"]])
/// try traj.explore(product.ranges)     // 6 runs: x = 1, 1, 1, 2, 2, 2; y = 10, 20, 30, 10, 20, 30
/// ```
public struct CartesianProduct: Sendable {
    private var dimensions: [[(String, [PypetValue])]] = []

    /// An empty product (one point with no parameters).
    public init() {}

    /// Adds a dimension of one parameter.
    public mutating func add(_ name: String, _ values: [PypetValue]) throws(TrajectoryError) {
        try addLinked([(name, values)])
    }

    /// Adds a dimension of one parameter from Swift values.
    public mutating func add<T: PypetValueConvertible>(_ name: String, _ values: [T]) throws(TrajectoryError) {
        try add(name, values.map(\.pypetValue))
    }

    /// Adds a dimension of linked parameters that vary together; their ranges must have one length.
    public mutating func addLinked(_ linked: [String: [PypetValue]]) throws(TrajectoryError) {
        try addLinked(linked.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
    }

    private mutating func addLinked(_ linked: [(String, [PypetValue])]) throws(TrajectoryError) {
        guard let length = linked.first?.1.count, length > 0 else { throw .invalidValue("a dimension needs values") }
        guard linked.allSatisfy({ $0.1.count == length }) else {
            throw TrajectoryError(code: .unequalLengths, message: "linked ranges have different lengths", candidates: linked.map(\.0))
        }
        let existing = Set(dimensions.joined().map(\.0))
        for (name, _) in linked where existing.contains(name) {
            throw TrajectoryError(code: .alreadyExists, message: "'\(name)' is already a dimension", name: name)
        }
        dimensions.append(linked)
    }

    /// The number of points.
    public var count: Int { dimensions.reduce(1) { $0 * ($1.first?.1.count ?? 1) } }

    /// The ranges of every parameter, one value per point, first dimension slowest.
    public var ranges: [String: [PypetValue]] {
        var result: [String: [PypetValue]] = [:]
        let total = count
        var repeats = total
        for dimension in dimensions {
            let size = dimension.first?.1.count ?? 1
            repeats /= size
            for (name, values) in dimension {
                var range: [PypetValue] = []
                range.reserveCapacity(total)
                while range.count < total {
                    for value in values {
                        range.append(contentsOf: repeatElement(value, count: repeats))
                    }
                }
                result[name] = range
            }
        }
        return result
    }
}
