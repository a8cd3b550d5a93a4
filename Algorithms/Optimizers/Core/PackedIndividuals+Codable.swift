extension PackedIndividuals: Codable {
    /// Decodes a packed population, or a plain array of individuals.
    public init(from decoder: any Decoder) throws {
        wrappedValue = try PopulationColumns.decode(from: decoder)
    }

    /// Encodes the population column by column.
    public func encode(to encoder: any Encoder) throws {
        try PopulationColumns.encode(wrappedValue, to: encoder)
    }
}

extension PackedOptionalIndividuals: Codable {
    /// Decodes `null`, a packed population, or a plain array of individuals.
    public init(from decoder: any Decoder) throws {
        let single = try decoder.singleValueContainer()
        wrappedValue = single.decodeNil() ? nil : try PopulationColumns.decode(from: decoder)
    }

    /// Encodes `null` or the population column by column.
    public func encode(to encoder: any Encoder) throws {
        guard let wrappedValue else {
            var single = encoder.singleValueContainer()
            try single.encodeNil()
            return
        }
        try PopulationColumns.encode(wrappedValue, to: encoder)
    }
}

extension KeyedDecodingContainer {
    /// A missing key decodes as no population (records of earlier versions omitted nil populations).
    public func decode(_ type: PackedOptionalIndividuals.Type, forKey key: Key) throws -> PackedOptionalIndividuals {
        try decodeIfPresent(type, forKey: key) ?? PackedOptionalIndividuals(wrappedValue: nil)
    }
}
