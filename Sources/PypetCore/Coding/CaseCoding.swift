/// How the value types code enums with a payload: as a one-key object whose key names the case and whose
/// value is the payload itself, `{"double": 0.5}`, `{"continuous": {"name": "x", "lower": 0, "upper": 1}}`.
/// Decoding also accepts the form Swift synthesizes for unlabelled payloads, `{"double": {"_0": 0.5}}`,
/// which files of earlier versions hold.
package struct CaseKey: CodingKey, Hashable {
    package var stringValue: String
    package var intValue: Int? { nil }
    package init(_ name: String) { stringValue = name }
    package init?(stringValue: String) { self.stringValue = stringValue }
    package init?(intValue: Int) { nil }

    /// The key Swift's synthesized coding gives an unlabelled payload.
    package static let unlabelled = CaseKey("_0")
}

extension KeyedDecodingContainer where Key == CaseKey {
    /// The single case key of a one-key object; a typed error names the allowed cases otherwise.
    package func caseName(of typeName: String, allowed: [String]) throws -> String {
        guard allKeys.count == 1, let key = allKeys.first else {
            throw DecodingError.dataCorrupted(DecodingError.Context(
                codingPath: codingPath,
                debugDescription: "a \(typeName) is an object with one key (one of \(allowed.joined(separator: ", "))); found \(allKeys.count) keys"))
        }
        guard allowed.contains(key.stringValue) else {
            throw DecodingError.dataCorrupted(DecodingError.Context(
                codingPath: codingPath + [key],
                debugDescription: "'\(key.stringValue)' is not a kind of \(typeName) (one of \(allowed.joined(separator: ", ")))"))
        }
        return key.stringValue
    }

    /// The payload of case `name`: the value itself, or the `_0` form of earlier versions.
    package func payload<T: Decodable>(_ type: T.Type, case name: String) throws -> T {
        let key = CaseKey(name)
        do {
            return try decode(T.self, forKey: key)
        } catch {
            guard let legacy = try? nestedContainer(keyedBy: CaseKey.self, forKey: key), legacy.allKeys == [CaseKey.unlabelled] else { throw error }
            return try legacy.decode(T.self, forKey: .unlabelled)
        }
    }
}
