extension ParameterSpace: Codable {
    private enum CodingKeys: String, CodingKey {
        case dimensions, conditions
    }

    /// Decodes the dimensions and validates them as ``init(_:conditions:)`` does (the bounds are derived again).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            try container.decode([Dimension].self, forKey: .dimensions),
            conditions: try container.decodeIfPresent([DimensionCondition].self, forKey: .conditions) ?? [])
    }

    /// Encodes the dimensions (the bounds follow from them; records of earlier versions also hold the
    /// bounds, which decoding ignores).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(dimensions, forKey: .dimensions)
        if !conditions.isEmpty { try container.encode(conditions, forKey: .conditions) }
    }
}
