public import ComplexModule
public import RealModule

/// A value stored in an attribute or in one cell of a table.
///
/// Scalars and one-dimensional arrays of the basic kinds. Integers are always 64-bit here, whatever the
/// stored width (int8 to int64, unsigned up to 32 bits); floats are always `Double`.
public enum HDF5Value: Sendable, Hashable {
    /// A 64-bit integer.
    case int(Int64)
    /// A double.
    case double(Double)
    /// A boolean (stored as an 8-bit bitfield; read from bitfields, enums and one-byte integers).
    case bool(Bool)
    /// A string (stored as fixed-length, NUL-terminated UTF-8; read from fixed or variable, ASCII or UTF-8).
    case string(String)
    /// A complex number (stored as the compound `{r, i}`).
    case complex(Complex<Double>)
    /// An array of 64-bit integers.
    case intArray([Int64])
    /// An array of doubles.
    case doubleArray([Double])
    /// An array of booleans.
    case boolArray([Bool])
    /// An array of strings.
    case stringArray([String])

    /// The integer, if this is ``int(_:)``.
    public var intValue: Int64? { if case .int(let v) = self { v } else { nil } }
    /// The double, if this is ``double(_:)``.
    public var doubleValue: Double? { if case .double(let v) = self { v } else { nil } }
    /// The boolean, if this is ``bool(_:)``.
    public var boolValue: Bool? { if case .bool(let v) = self { v } else { nil } }
    /// The string, if this is ``string(_:)``.
    public var stringValue: String? { if case .string(let v) = self { v } else { nil } }
    /// The complex number, if this is ``complex(_:)``.
    public var complexValue: Complex<Double>? { if case .complex(let v) = self { v } else { nil } }

    /// A short name of the case, for error messages (`int`, `doubleArray`).
    public var kindName: String {
        switch self {
        case .int: "int"
        case .double: "double"
        case .bool: "bool"
        case .string: "string"
        case .complex: "complex"
        case .intArray: "intArray"
        case .doubleArray: "doubleArray"
        case .boolArray: "boolArray"
        case .stringArray: "stringArray"
        }
    }
}
