import PypetCore

/// Natural keys (docs/FILE-LAYOUT.md): `{"continuous": {"name": "x0", "lower": -5.12, "upper": 5.12}}`,
/// `{"integer": {"name": "epochs", "lower": 3, "upper": 30}}`,
/// `{"categorical": {"name": "activation", "values": [{"string": "tanh"}, ...]}}`. Earlier files name the
/// parameter `_0`; they still decode. ``ParameterSpace`` checks the bounds when it decodes.
extension Dimension: Codable {
    private enum Fields: String, CodingKey {
        case name, lower, upper, values
        case legacyName = "_0"
    }

    public init(from decoder: any Decoder) throws {
        let outer = try decoder.container(keyedBy: CaseKey.self)
        let kind = try outer.caseName(of: "dimension", allowed: ["continuous", "logarithmic", "integer", "categorical"])
        let fields = try outer.nestedContainer(keyedBy: Fields.self, forKey: CaseKey(kind))
        let name = try fields.decodeIfPresent(String.self, forKey: .name) ?? fields.decode(String.self, forKey: .legacyName)
        switch kind {
        case "continuous":
            self = .continuous(name, lower: try fields.decode(Double.self, forKey: .lower), upper: try fields.decode(Double.self, forKey: .upper))
        case "logarithmic":
            self = .logarithmic(name, lower: try fields.decode(Double.self, forKey: .lower), upper: try fields.decode(Double.self, forKey: .upper))
        case "integer":
            self = .integer(name, lower: try fields.decode(Int.self, forKey: .lower), upper: try fields.decode(Int.self, forKey: .upper))
        default:
            self = .categorical(name, values: try fields.decode([PypetValue].self, forKey: .values))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var outer = encoder.container(keyedBy: CaseKey.self)
        switch self {
        case .continuous(let name, let lower, let upper), .logarithmic(let name, let lower, let upper):
            var fields = outer.nestedContainer(keyedBy: Fields.self, forKey: CaseKey(isLogarithmic ? "logarithmic" : "continuous"))
            try fields.encode(name, forKey: .name)
            try fields.encode(lower, forKey: .lower)
            try fields.encode(upper, forKey: .upper)
        case .integer(let name, let lower, let upper):
            var fields = outer.nestedContainer(keyedBy: Fields.self, forKey: CaseKey("integer"))
            try fields.encode(name, forKey: .name)
            try fields.encode(lower, forKey: .lower)
            try fields.encode(upper, forKey: .upper)
        case .categorical(let name, let values):
            var fields = outer.nestedContainer(keyedBy: Fields.self, forKey: CaseKey("categorical"))
            try fields.encode(name, forKey: .name)
            try fields.encode(values, forKey: .values)
        }
    }

    private var isLogarithmic: Bool {
        if case .logarithmic = self { return true }
        return false
    }
}
