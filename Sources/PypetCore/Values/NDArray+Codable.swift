import ComplexModule

/// Natural keys: `{"shape": [2, 3], "double": [...]}`, the element kind naming the values (row-major).
/// Earlier files' `{"shape": [...], "elements": {"double": {"_0": [...]}}}` still decode. Decoding checks
/// that the shape holds the values.
extension NDArray: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CaseKey.self)
        let shape = try container.decode([Int].self, forKey: CaseKey("shape"))
        let elements: Elements
        if container.contains(CaseKey("elements")) {
            elements = try container.decode(Elements.self, forKey: CaseKey("elements"))
        } else {
            let kinds = container.allKeys.filter { $0.stringValue != "shape" }
            guard kinds.count == 1, let kind = kinds.first else {
                throw DecodingError.dataCorrupted(DecodingError.Context(
                    codingPath: container.codingPath,
                    debugDescription: "an array is an object with 'shape' and one element kind (bool, int, double, float, complex, string)"))
            }
            elements = try Elements.decode(kind: kind.stringValue, from: container)
        }
        do {
            try self.init(shape: shape, elements: elements)
        } catch {
            throw DecodingError.dataCorrupted(DecodingError.Context(codingPath: container.codingPath, debugDescription: error.message))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CaseKey.self)
        try container.encode(shape, forKey: CaseKey("shape"))
        try elements.encode(into: &container)
    }
}

/// Natural keys: `{"double": [...]}`; earlier files' `{"double": {"_0": [...]}}` still decode.
extension NDArray.Elements: Codable {
    static let kinds = ["bool", "int", "double", "float", "complex", "string"]

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CaseKey.self)
        self = try Self.decode(kind: try container.caseName(of: "array's elements", allowed: Self.kinds), from: container)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CaseKey.self)
        try encode(into: &container)
    }

    /// The elements under key `kind` of `container`.
    static func decode(kind: String, from container: KeyedDecodingContainer<CaseKey>) throws -> Self {
        switch kind {
        case "bool": return .bool(try container.payload([Bool].self, case: kind))
        case "int": return .int(try container.payload([Int].self, case: kind))
        case "double": return .double(try container.payload([Double].self, case: kind))
        case "float": return .float(try container.payload([Float].self, case: kind))
        case "complex": return .complex(try container.payload([Complex<Double>].self, case: kind))
        case "string": return .string(try container.payload([String].self, case: kind))
        default:
            throw DecodingError.dataCorrupted(DecodingError.Context(
                codingPath: container.codingPath + [CaseKey(kind)],
                debugDescription: "'\(kind)' is not an element kind (one of \(kinds.joined(separator: ", ")))"))
        }
    }

    /// Writes the values under their kind's key.
    func encode(into container: inout KeyedEncodingContainer<CaseKey>) throws {
        switch self {
        case .bool(let values): try container.encode(values, forKey: CaseKey("bool"))
        case .int(let values): try container.encode(values, forKey: CaseKey("int"))
        case .double(let values): try container.encode(values, forKey: CaseKey("double"))
        case .float(let values): try container.encode(values, forKey: CaseKey("float"))
        case .complex(let values): try container.encode(values, forKey: CaseKey("complex"))
        case .string(let values): try container.encode(values, forKey: CaseKey("string"))
        }
    }
}
