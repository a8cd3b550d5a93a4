import PypetCore

/// pypet's `SCALAR_TYPE` names (Python type names, numpy names for numpy scalars) of our scalars.
enum ScalarType {
    static func name(of value: PypetValue) -> String? {
        switch value {
        case .double: "float"
        case .int: "int"
        case .bool: "bool"
        case .string, .custom: "str"
        case .complex: "complex"
        case .float: "float32"
        default: nil
        }
    }

    /// The name of a list's or array's element type.
    static func elementName(of value: PypetValue) -> String? {
        switch value {
        case .list(let values): values.first.flatMap(name(of:))
        case .array(let array):
            switch array.elements {
            case .double: "float64"
            case .int: "int64"
            case .bool: "bool"
            case .float: "float32"
            case .complex: "complex128"
            case .string: "str"
            }
        default: nil
        }
    }

    /// Converts a decoded number to the scalar kind `name` names (pypet's type recall).
    static func recall(_ value: PypetValue, as name: String?) -> PypetValue {
        guard let name else { return value }
        switch (name, value) {
        case ("float32", .double(let v)): return .float(Float(v))
        case ("float", .int(let v)), ("float64", .int(let v)): return .double(Double(v))
        case ("bool", .int(let v)): return .bool(v != 0)
        case ("int", .bool(let v)): return .int(v ? 1 : 0)
        default: return value
        }
    }
}
