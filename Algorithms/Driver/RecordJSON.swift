import Foundation
import Pypet
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Keeps each piece of a generation record's state once (docs/FILE-LAYOUT.md, "Optimizer records"): the
/// optimizer's and the driver's JSON (`optimizer_json`, `driver_json`) hold their packed arrays as base64
/// text, and most of those arrays are also items of the record (`state_population`, `hall_of_fame`,
/// `rng_state` ...). ``compact(_:items:)`` replaces every such string by a reference to the item,
/// `{"$item":"state_population"}`; ``expand(_:record:item:)`` puts the text back from the item, so the
/// decoded state is exactly the encoded one. It works on the JSON's UTF-8 bytes, not on a parsed tree, so
/// numbers keep their exact spelling (and a record costs a few byte searches per generation).
enum RecordJSON {
    /// Strings shorter than this stay in the JSON (a reference would not be shorter).
    static let minimumLength = 48

    private static let opening = Array("{\"$item\":\"".utf8)
    private static let closing = Array("\"}".utf8)

    /// The reference text that stands for item `name`.
    static func reference(_ name: String) -> [UInt8] { opening + Array(name.utf8) + closing }

    /// The JSON string literal (UTF-8) an item's value has inside packed JSON, if it can appear there: the
    /// base64 of a double or integer array's elements (row-major), or a long string item itself, with the
    /// slashes escaped as ExactJSON's encoder writes them (`\/`).
    static func literal(of value: PypetValue) -> [UInt8]? {
        let text: String
        switch value {
        case .array(let array):
            switch array.elements {
            case .double(let values): text = PackedBytes.encode(values)
            case .int(let values): text = PackedBytes.encode(values.map(Int64.init))
            default: return nil
            }
        case .string(let string):
            text = string
        default:
            return nil
        }
        let bytes = Array(text.utf8)
        // Base64 and the state strings hold no character JSON must escape but the slash; anything else is left alone.
        guard bytes.count >= minimumLength, !bytes.contains(UInt8(ascii: "\"")), !bytes.contains(UInt8(ascii: "\\")) else { return nil }
        var literal: [UInt8] = [UInt8(ascii: "\"")]
        literal.reserveCapacity(bytes.count + 16)
        for byte in bytes {
            if byte == UInt8(ascii: "/") { literal.append(UInt8(ascii: "\\")) }
            literal.append(byte)
        }
        literal.append(UInt8(ascii: "\""))
        return literal
    }

    /// `json` with every string literal equal to an item's ``literal(of:)`` replaced by a reference to the
    /// first such item. Returns `json` unchanged when expanding the result would not give it back.
    static func compact(_ json: String, items: [(name: String, value: PypetValue)]) -> String {
        let original = Array(json.utf8)
        var compacted = original
        var seen: [[UInt8]] = []  // a handful of literals: comparing beats hashing kilobytes
        var literals: [String: [UInt8]] = [:]
        // Only items whose text has the length of one of the JSON's long strings can be in it: their
        // literals are made, the others' not (base64 of a population costs more than this scan).
        let lengths = longStringLengths(original)
        guard !lengths.isEmpty else { return json }
        for (name, value) in items {
            guard !name.hasSuffix("_json"), let length = textLength(of: value), lengths.contains(length), let literal = literal(of: value) else { continue }
            literals[name] = literals[name] ?? literal
            guard !seen.contains(literal) else { continue }
            seen.append(literal)
            compacted = replacing(literal, with: reference(name), in: compacted)
        }
        guard compacted != original, (try? expandBytes(compacted, record: "", literal: { literals[$0] })) == original else { return json }
        return String(decoding: compacted, as: UTF8.self)
    }

    /// The length of the text ``literal(of:)`` quotes for `value` (base64 of an array's elements, or a
    /// string's UTF-8), computed without making it; nil when the value has no literal.
    static func textLength(of value: PypetValue) -> Int? {
        switch value {
        case .array(let array):
            switch array.elements {
            case .double(let values): return 4 * ((8 * values.count + 2) / 3)
            case .int(let values): return 4 * ((8 * values.count + 2) / 3)
            default: return nil
            }
        case .string(let string): return string.utf8.count
        default: return nil
        }
    }

    /// The unescaped lengths of the JSON's string literals of at least ``minimumLength`` bytes that hold
    /// no escape but `\/` (what ``literal(of:)`` can give).
    static func longStringLengths(_ json: [UInt8]) -> Set<Int> {
        var lengths = Set<Int>()
        json.withUnsafeBufferPointer { bytes in
            var position = 0
            let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\"), slash = UInt8(ascii: "/")
            while position < bytes.count {
                guard bytes[position] == quote else {
                    position += 1
                    continue
                }
                // A string: to its closing quote, counting its unescaped bytes.
                var cursor = position + 1, length = 0, plain = true
                while cursor < bytes.count, bytes[cursor] != quote {
                    if bytes[cursor] == backslash {
                        if cursor + 1 < bytes.count, bytes[cursor + 1] != slash { plain = false }
                        cursor += 2
                    } else {
                        cursor += 1
                    }
                    length += 1
                }
                if plain, length >= minimumLength { lengths.insert(length) }
                position = cursor + 1
            }
        }
        return lengths
    }

    /// `json` with every reference replaced by the literal of the item it names (`item` looks items up).
    /// Throws ``AlgorithmError/Code/resumeMismatch`` naming `record` for a reference to a missing or
    /// unsuitable item.
    static func expand(_ json: String, record: String, item: (String) -> PypetValue?) throws(AlgorithmError) -> String {
        let bytes = Array(json.utf8)
        guard firstRange(of: opening, in: bytes, from: 0) != nil else { return json }
        return String(decoding: try expandBytes(bytes, record: record, literal: { item($0).flatMap(literal(of:)) }), as: UTF8.self)
    }

    private static func expandBytes(_ json: [UInt8], record: String, literal: (String) -> [UInt8]?) throws(AlgorithmError) -> [UInt8] {
        var expanded: [UInt8] = []
        expanded.reserveCapacity(json.count * 2)
        var position = 0
        while let start = firstRange(of: opening, in: json, from: position) {
            expanded += json[position..<start]
            let nameStart = start + opening.count
            guard let end = firstRange(of: closing, in: json, from: nameStart) else {
                throw AlgorithmError(code: .resumeMismatch, message: "generation record \(record): an unterminated item reference in its JSON")
            }
            let name = String(decoding: json[nameStart..<end], as: UTF8.self)
            guard let text = literal(name) else {
                throw AlgorithmError(
                    code: .resumeMismatch,
                    message: "generation record \(record): its JSON refers to the item '\(name)', which the record lacks or which holds no packed array")
            }
            expanded += text
            position = end + closing.count
        }
        expanded += json[position...]
        return expanded
    }

    /// `bytes` with every occurrence of `pattern` replaced by `replacement`.
    private static func replacing(_ pattern: [UInt8], with replacement: [UInt8], in bytes: [UInt8]) -> [UInt8] {
        guard var found = firstRange(of: pattern, in: bytes, from: 0) else { return bytes }
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var position = 0
        while true {
            result += bytes[position..<found]
            result += replacement
            position = found + pattern.count
            guard let next = firstRange(of: pattern, in: bytes, from: position) else { break }
            found = next
        }
        result += bytes[position...]
        return result
    }

    /// The offset of the first occurrence of `pattern` in `bytes` at or after `start` (`memchr` for the
    /// first byte, `memcmp` for the rest).
    private static func firstRange(of pattern: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard !pattern.isEmpty, bytes.count >= pattern.count, start >= 0, start <= bytes.count - pattern.count else { return nil }
        let last = bytes.count - pattern.count
        return bytes.withUnsafeBytes { haystack -> Int? in
            pattern.withUnsafeBytes { needle -> Int? in
                guard let base = haystack.baseAddress, let target = needle.baseAddress else { return nil }
                var offset = start
                while offset <= last {
                    guard let hit = memchr(base + offset, Int32(pattern[0]), last - offset + 1) else { return nil }
                    let found = base.distance(to: UnsafeRawPointer(hit))
                    if memcmp(base + found, target, pattern.count) == 0 { return found }
                    offset = found + 1
                }
                return nil
            }
        }
    }
}
