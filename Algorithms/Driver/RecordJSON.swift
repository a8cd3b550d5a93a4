import Foundation
import Pypet

/// Keeps each piece of a generation record's state once (docs/FILE-LAYOUT.md, "Optimizer records"): the
/// optimizer's and the driver's JSON (`optimizer_json`, `driver_json`) hold their packed arrays as base64
/// text, and most of those arrays are also items of the record (`state_population`, `hall_of_fame`,
/// `rng_state` ...). ``compact(_:items:)`` replaces every such string by a reference to the item,
/// `{"$item":"state_population"}`; ``expand(_:record:item:)`` puts the text back from the item, so the
/// decoded state is exactly the encoded one. It works on the JSON text, not on a parsed tree, so numbers
/// keep their exact spelling.
enum RecordJSON {
    /// Strings shorter than this stay in the JSON (a reference would not be shorter).
    static let minimumLength = 48

    /// The reference text that stands for item `name`.
    static func reference(_ name: String) -> String { "{\"$item\":\"" + name + "\"}" }

    /// The JSON string literal an item's value has inside packed JSON, if it can appear there: the
    /// base64 of a double or integer array's elements (row-major), or a long string item itself.
    static func literal(of value: PypetValue) -> String? {
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
        // Base64 and the state strings hold no character JSON must escape but the slash, which ExactJSON's
        // encoder writes as `\/`; anything else is left alone.
        guard text.count >= minimumLength, !text.contains("\""), !text.contains("\\") else { return nil }
        return "\"" + text.replacingOccurrences(of: "/", with: "\\/") + "\""
    }

    /// `json` with every string literal equal to an item's ``literal(of:)`` replaced by a reference to the
    /// first such item. Returns `json` unchanged when expanding the result would not give it back.
    static func compact(_ json: String, items: [(name: String, value: PypetValue)]) -> String {
        var compacted = json
        var seen = Set<String>()
        for (name, value) in items {
            guard !name.hasSuffix("_json"), let literal = literal(of: value), seen.insert(literal).inserted else { continue }
            compacted = compacted.replacingOccurrences(of: literal, with: reference(name))
        }
        let lookup = Dictionary(items.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
        guard compacted != json, (try? expand(compacted, record: "", item: { lookup[$0] })) == json else { return json }
        return compacted
    }

    /// `json` with every reference replaced by the literal of the item it names (`item` looks items up).
    /// Throws ``AlgorithmError/Code/resumeMismatch`` naming `record` for a reference to a missing or
    /// unsuitable item.
    static func expand(_ json: String, record: String, item: (String) -> PypetValue?) throws(AlgorithmError) -> String {
        let opening = "{\"$item\":\""
        guard json.contains(opening) else { return json }
        var expanded = ""
        expanded.reserveCapacity(json.utf8.count * 2)
        var rest = json[...]
        while let start = rest.range(of: opening) {
            expanded += rest[..<start.lowerBound]
            guard let end = rest[start.upperBound...].range(of: "\"}") else {
                throw AlgorithmError(code: .resumeMismatch, message: "generation record \(record): an unterminated item reference in its JSON")
            }
            let name = String(rest[start.upperBound..<end.lowerBound])
            guard let value = item(name), let literal = literal(of: value) else {
                throw AlgorithmError(
                    code: .resumeMismatch,
                    message: "generation record \(record): its JSON refers to the item '\(name)', which the record lacks or which holds no packed array")
            }
            expanded += literal
            rest = rest[end.upperBound...]
        }
        expanded += rest
        return expanded
    }
}
