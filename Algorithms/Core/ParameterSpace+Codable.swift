extension ParameterSpace: Codable {
    private enum CodingKeys: String, CodingKey {
        case dimensions, lowerBounds, upperBounds
    }

    /// Decodes the dimensions and validates them as ``init(_:)`` does (the bounds are derived again).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(try container.decode([Dimension].self, forKey: .dimensions))
    }

    /// Encodes the dimensions and, for readers of the record, the bounds.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(dimensions, forKey: .dimensions)
        try container.encode(lowerBounds, forKey: .lowerBounds)
        try container.encode(upperBounds, forKey: .upperBounds)
    }
}
