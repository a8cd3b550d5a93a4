extension Fitness: Codable {
    private enum CodingKeys: String, CodingKey {
        case values
    }

    /// Decodes `{"values": [...]}`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(try container.decode([Double].self, forKey: .values))
    }

    /// Encodes `{"values": [...]}`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(values, forKey: .values)
    }
}
