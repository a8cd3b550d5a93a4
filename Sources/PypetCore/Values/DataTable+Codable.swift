/// Natural keys: `{"columnNames": ["run", "x"], "columns": {"run": {"int": [...]}, "x": {"double": [...]}}}`;
/// earlier files' `{"int": {"_0": [...]}}` columns still decode. Decoding checks names and lengths.
extension DataTable: Codable {
    private enum CodingKeys: String, CodingKey { case columnNames, columns }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let names = try container.decode([String].self, forKey: .columnNames)
        let columns = try container.decode([String: Column].self, forKey: .columns)
        guard Set(names) == Set(columns.keys), names.count == columns.count else {
            throw DecodingError.dataCorruptedError(forKey: .columns, in: container, debugDescription: "the table's column names and columns differ")
        }
        do {
            try self.init(names.compactMap { name in columns[name].map { (name, $0) } })
        } catch {
            throw DecodingError.dataCorruptedError(forKey: .columns, in: container, debugDescription: error.message)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(columnNames, forKey: .columnNames)
        try container.encode(columns, forKey: .columns)
    }
}

/// Natural keys: `{"double": [...]}`.
extension DataTable.Column: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CaseKey.self)
        let kind = try container.caseName(of: "table column", allowed: ["bool", "int", "double", "string"])
        switch kind {
        case "bool": self = .bool(try container.payload([Bool].self, case: kind))
        case "int": self = .int(try container.payload([Int].self, case: kind))
        case "double": self = .double(try container.payload([Double].self, case: kind))
        default: self = .string(try container.payload([String].self, case: kind))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CaseKey.self)
        switch self {
        case .bool(let values): try container.encode(values, forKey: CaseKey("bool"))
        case .int(let values): try container.encode(values, forKey: CaseKey("int"))
        case .double(let values): try container.encode(values, forKey: CaseKey("double"))
        case .string(let values): try container.encode(values, forKey: CaseKey("string"))
        }
    }
}
