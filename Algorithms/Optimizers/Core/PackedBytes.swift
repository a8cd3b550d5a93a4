import Foundation

/// Numbers as base64 text of their little-endian bytes: exact (NaN and infinities included) and one
/// JSON string instead of one number per value. Shared by the packed populations and packed value lists
/// of optimizer records.
public enum PackedBytes {
    /// Base64 of the values' little-endian bytes.
    public static func encode<T: FixedWidthInteger>(_ values: [T]) -> String {
        values.map(\.littleEndian).withUnsafeBytes { Data($0).base64EncodedString() }
    }

    /// Base64 of the doubles' IEEE 754 bit patterns, little-endian.
    public static func encode(_ values: [Double]) -> String { encode(values.map(\.bitPattern)) }

    /// The values of ``encode(_:)``'s text; nil when it is not base64 of whole `T` values.
    public static func decode<T: FixedWidthInteger>(_ text: String, as type: T.Type = T.self) -> [T]? {
        guard let data = Data(base64Encoded: text), data.count % MemoryLayout<T>.size == 0 else { return nil }
        return data.withUnsafeBytes { raw in
            (0..<(data.count / MemoryLayout<T>.size)).map { T(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * MemoryLayout<T>.size, as: T.self)) }
        }
    }

    /// The doubles of ``encode(_:)``'s text; nil when it is not base64 of whole 8-byte values.
    public static func decodeDoubles(_ text: String) -> [Double]? {
        decode(text, as: UInt64.self)?.map(Double.init(bitPattern:))
    }
}
