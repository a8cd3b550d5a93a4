extension RandomStreamState: Codable {
    private enum CodingKeys: String, CodingKey {
        case algorithm, bytes, seed, keys
    }

    /// Decodes a state whose `bytes` are base64 text (as encoded) or an array of byte values (as
    /// written by earlier versions).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        algorithm = try container.decode(String.self, forKey: .algorithm)
        seed = try container.decode(UInt64.self, forKey: .seed)
        keys = try container.decode([UInt64].self, forKey: .keys)
        if let text = try? container.decode(String.self, forKey: .bytes) {
            guard let decoded = Base64.decode(text) else {
                throw DecodingError.dataCorruptedError(forKey: .bytes, in: container, debugDescription: "the state bytes are not valid base64")
            }
            bytes = decoded
        } else {
            bytes = try container.decode([UInt8].self, forKey: .bytes)
        }
    }

    /// Encodes the state with its bytes as base64 text (a fifth of the size of a number array in JSON,
    /// and encoded in one call).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(algorithm, forKey: .algorithm)
        try container.encode(Base64.encode(bytes), forKey: .bytes)
        try container.encode(seed, forKey: .seed)
        try container.encode(keys, forKey: .keys)
    }
}
