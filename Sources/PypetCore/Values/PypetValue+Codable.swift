import ComplexModule

/// Natural keys (docs/FILE-LAYOUT.md, "Values in JSON"): a value is a one-key object naming its kind,
/// `{"int": 100}`, `{"string": "ga"}`, `{"list": [{"int": 1}, {"double": 0.5}]}`,
/// `{"array": {"shape": [2], "double": [1.0, 2.0]}}`. Earlier files' `{"int": {"_0": 100}}` still decode.
extension PypetValue: Codable {
    private static let kinds = [
        "bool", "int", "double", "float", "complex", "string", "array", "list", "dictionary", "table", "sparse", "quantity", "custom",
        "pickled",
    ]

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CaseKey.self)
        let kind = try container.caseName(of: "value", allowed: Self.kinds)
        switch kind {
        case "bool": self = .bool(try container.payload(Bool.self, case: kind))
        case "int": self = .int(try container.payload(Int.self, case: kind))
        case "double": self = .double(try container.payload(Double.self, case: kind))
        case "float": self = .float(try container.payload(Float.self, case: kind))
        case "complex": self = .complex(try container.payload(Complex<Double>.self, case: kind))
        case "string": self = .string(try container.payload(String.self, case: kind))
        case "array": self = .array(try container.payload(NDArray.self, case: kind))
        case "list": self = .list(try container.payload([PypetValue].self, case: kind))
        case "dictionary": self = .dictionary(try container.payload([String: PypetValue].self, case: kind))
        case "table": self = .table(try container.payload(DataTable.self, case: kind))
        case "sparse": self = .sparse(try container.payload(SparseMatrix.self, case: kind))
        case "quantity": self = .quantity(try container.payload(Quantity.self, case: kind))
        case "custom": self = .custom(try container.payload(CustomValue.self, case: kind))
        default: self = .pickled(try container.payload(PickledValue.self, case: kind))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CaseKey.self)
        switch self {
        case .bool(let value): try container.encode(value, forKey: CaseKey("bool"))
        case .int(let value): try container.encode(value, forKey: CaseKey("int"))
        case .double(let value): try container.encode(value, forKey: CaseKey("double"))
        case .float(let value): try container.encode(value, forKey: CaseKey("float"))
        case .complex(let value): try container.encode(value, forKey: CaseKey("complex"))
        case .string(let value): try container.encode(value, forKey: CaseKey("string"))
        case .array(let value): try container.encode(value, forKey: CaseKey("array"))
        case .list(let value): try container.encode(value, forKey: CaseKey("list"))
        case .dictionary(let value): try container.encode(value, forKey: CaseKey("dictionary"))
        case .table(let value): try container.encode(value, forKey: CaseKey("table"))
        case .sparse(let value): try container.encode(value, forKey: CaseKey("sparse"))
        case .quantity(let value): try container.encode(value, forKey: CaseKey("quantity"))
        case .custom(let value): try container.encode(value, forKey: CaseKey("custom"))
        case .pickled(let value): try container.encode(value, forKey: CaseKey("pickled"))
        }
    }
}
