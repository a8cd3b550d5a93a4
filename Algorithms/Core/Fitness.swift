/// The objective values of an evaluated individual, in the order of the problem's objectives.
public struct Fitness: Sendable, Hashable, Codable, ExpressibleByFloatLiteral, ExpressibleByArrayLiteral {
    /// One value per objective.
    public var values: [Double]

    /// A fitness with one value per objective.
    public init(_ values: [Double]) { self.values = values }
    /// A single-objective fitness.
    public init(_ value: Double) { values = [value] }
    public init(floatLiteral value: Double) { values = [value] }
    public init(arrayLiteral elements: Double...) { values = elements }

    /// The first (or only) objective's value.
    public var value: Double { values.first ?? .nan }
}
