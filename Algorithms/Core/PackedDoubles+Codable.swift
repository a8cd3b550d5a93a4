import Foundation

extension PackedDoubles: Codable {
    /// Decodes base64 text of 8-byte little-endian values, or an array of numbers.
    init(from decoder: any Decoder) throws {
        let single = try decoder.singleValueContainer()
        guard let text = try? single.decode(String.self) else {
            wrappedValue = try single.decode([Double].self)
            return
        }
        guard let data = Data(base64Encoded: text), data.count % 8 == 0 else {
            throw DecodingError.dataCorruptedError(in: single, debugDescription: "packed doubles: not base64 of 8-byte values")
        }
        wrappedValue = data.withUnsafeBytes { raw in
            (0..<(data.count / 8)).map { Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self))) }
        }
    }

    /// Encodes base64 text of the values' little-endian bytes.
    func encode(to encoder: any Encoder) throws {
        var single = encoder.singleValueContainer()
        try single.encode(wrappedValue.map(\.bitPattern.littleEndian).withUnsafeBytes { Data($0).base64EncodedString() })
    }
}
