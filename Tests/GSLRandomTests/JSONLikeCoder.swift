import Foundation

/// Encodes and decodes a value through JSON, for Codable round-trip tests.
enum JSONLikeCoder {
    static func roundTrip<T: Codable>(_ value: T) throws -> T {
        try JSONDecoder().decode(T.self, from: JSONEncoder().encode(value))
    }
}
