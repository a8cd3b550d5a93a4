/// A description of a stored HDF5 datatype, as this module sees it.
///
/// Returned by ``HDF5Dataset/datatype`` and ``HDF5Table/storedType`` so that callers can inspect what a
/// file holds before reading it. It is a description only; it owns no libhdf5 resource.
public indirect enum HDF5Datatype: Sendable, Hashable {
    /// An integer of `bits` bits.
    case integer(bits: Int, signed: Bool)
    /// An IEEE floating-point number of `bits` bits.
    case float(bits: Int)
    /// A bitfield of `bits` bits. PyTables (and so pypet) store booleans as an 8-bit bitfield.
    case bitfield(bits: Int)
    /// An enumeration over an integer base type. h5py stores booleans as `{FALSE 0, TRUE 1}` over int8.
    case enumeration(base: HDF5Datatype, members: [EnumMember])
    /// A string of fixed byte `length`, or of variable length when `length` is nil.
    case string(length: Int?, encoding: HDF5StringEncoding)
    /// A compound type (a table row): named fields.
    case compound([CompoundField])
    /// A fixed-shape array of a base type.
    case array(HDF5Datatype, dimensions: [Int])
    /// Any other class (opaque, reference, variable-length sequence, time), by libhdf5 class name.
    case other(className: String, size: Int)

    /// One member of an enumeration.
    public struct EnumMember: Sendable, Hashable {
        /// The member's name.
        public var name: String
        /// The member's value.
        public var value: Int64
        /// Creates a member.
        public init(name: String, value: Int64) {
            self.name = name
            self.value = value
        }
    }

    /// One field of a compound type.
    public struct CompoundField: Sendable, Hashable {
        /// The field's name.
        public var name: String
        /// The field's type.
        public var type: HDF5Datatype
        /// Creates a field.
        public init(name: String, type: HDF5Datatype) {
            self.name = name
            self.type = type
        }
    }

    /// Whether this is the complex-number convention: a compound of two floats named `r` and `i`.
    public var isComplex: Bool {
        guard case .compound(let fields) = self, fields.count == 2 else { return false }
        let names = Set(fields.map(\.name))
        guard names == ["r", "i"] else { return false }
        return fields.allSatisfy { if case .float = $0.type { true } else { false } }
    }

    /// Whether this is one of the boolean conventions: an 8-bit bitfield (PyTables), an enumeration over a
    /// one-byte integer (h5py), or a one-byte integer.
    public var isBooleanLike: Bool {
        switch self {
        case .bitfield(let bits): bits == 8
        case .enumeration(.integer(8, _), _): true
        case .integer(8, _): true
        default: false
        }
    }
}

/// The character set tag of an HDF5 string type.
public enum HDF5StringEncoding: Sendable, Hashable {
    /// `H5T_CSET_ASCII`: what PyTables writes for string columns.
    case ascii
    /// `H5T_CSET_UTF8`: what this module writes.
    case utf8
}
