/// One named, typed column of an ``HDF5Table``.
public struct HDF5Column: Sendable, Hashable {
    /// The column's name (the compound field name).
    public var name: String
    /// The column's type.
    public var type: HDF5ColumnType

    /// Creates a column.
    public init(_ name: String, _ type: HDF5ColumnType) {
        self.name = name
        self.type = type
    }
}

/// The type of a table column.
///
/// Cells travel as ``HDF5Value``: integer columns take and give ``HDF5Value/int(_:)``, float columns
/// ``HDF5Value/double(_:)`` (an `int` is accepted when written), boolean columns ``HDF5Value/bool(_:)``,
/// string columns ``HDF5Value/string(_:)``, array columns the array cases with exactly as many elements as
/// the shape holds.
public indirect enum HDF5ColumnType: Sendable, Hashable {
    /// 64-bit signed integers (`i8` in numpy terms).
    case int64
    /// 32-bit signed integers.
    case int32
    /// Unsigned bytes.
    case uint8
    /// 64-bit floats.
    case float64
    /// 32-bit floats.
    case float32
    /// Booleans, stored as an 8-bit bitfield (PyTables' `BoolCol`).
    case bool
    /// Complex numbers `{r, i}`.
    case complex
    /// Fixed-length strings of at most `length` UTF-8 bytes (NUL-padded).
    case string(length: Int, encoding: HDF5StringEncoding = .utf8)
    /// Variable-length strings.
    case variableString(encoding: HDF5StringEncoding = .utf8)
    /// A fixed-shape array of numbers or booleans per cell.
    case array(HDF5ColumnType, shape: [Int])
}
