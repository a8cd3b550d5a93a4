import Foundation

/// A value of a user-defined ``PypetCustomValue`` type, held as its type name and its JSON encoding
/// (sorted keys, so equal values have equal bytes).
public struct CustomValue: Sendable, Hashable, Codable {
    /// The registered type name.
    public let typeName: String
    /// The JSON encoding of the value.
    public let payload: [UInt8]

    /// Wraps a value.
    public init<T: PypetCustomValue>(_ value: T) throws(TrajectoryError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        do {
            payload = Array(try encoder.encode(value))
        } catch {
            throw .invalidValue("cannot encode \(T.typeName): \(error)", name: T.typeName)
        }
        typeName = T.typeName
    }

    /// Rebuilds a value from a stored type name and payload.
    public init(typeName: String, payload: [UInt8]) {
        self.typeName = typeName
        self.payload = payload
    }

    /// Decodes the value as `T`; another type name or an undecodable payload throws
    /// ``TrajectoryError/Code/typeMismatch``.
    public func decode<T: PypetCustomValue>(as type: T.Type = T.self) throws(TrajectoryError) -> T {
        guard typeName == T.typeName else {
            throw .typeMismatch("a \(typeName) value cannot be read as \(T.typeName)", name: typeName)
        }
        do {
            return try JSONDecoder().decode(T.self, from: Data(payload))
        } catch {
            throw .typeMismatch("cannot decode \(typeName): \(error)", name: typeName)
        }
    }
}
