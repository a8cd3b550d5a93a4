extension PackedDoubles: Codable {
    /// Decodes base64 text of 8-byte little-endian values, or an array of numbers.
    public init(from decoder: any Decoder) throws {
        let single = try decoder.singleValueContainer()
        guard let text = try? single.decode(String.self) else {
            wrappedValue = try single.decode([Double].self)
            return
        }
        guard let values = PackedBytes.decodeDoubles(text) else {
            throw DecodingError.dataCorruptedError(in: single, debugDescription: "packed doubles: not base64 of 8-byte values")
        }
        wrappedValue = values
    }

    /// Encodes base64 text of the values' little-endian bytes.
    public func encode(to encoder: any Encoder) throws {
        var single = encoder.singleValueContainer()
        try single.encode(PackedBytes.encode(wrappedValue))
    }
}
