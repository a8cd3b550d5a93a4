/// The objective values of an evaluated individual, in the order of the problem's objectives.
///
/// Up to two values are stored inline, so a single- or bi-objective fitness allocates nothing.
public struct Fitness: Sendable, Hashable, ExpressibleByFloatLiteral, ExpressibleByArrayLiteral {
    var storage: InlineValues

    /// One value per objective.
    public var values: [Double] {
        get { storage.array }
        set { storage = InlineValues(newValue) }
    }

    /// A fitness with one value per objective.
    public init(_ values: [Double]) { storage = InlineValues(values) }
    /// A single-objective fitness.
    public init(_ value: Double) { storage = InlineValues(single: value) }
    public init(floatLiteral value: Double) { storage = InlineValues(single: value) }
    public init(arrayLiteral elements: Double...) { storage = InlineValues(elements) }

    /// The number of objective values.
    public var count: Int { storage.count }

    /// The value of objective `objective` (`0..<count`).
    public subscript(objective: Int) -> Double { storage[objective] }

    /// The first (or only) objective's value.
    public var value: Double { firstValue ?? .nan }

    /// The first objective's value, nil when there is none.
    public var firstValue: Double? { storage.isEmpty ? nil : storage[0] }
}
