extension HDF5Datatype: CustomStringConvertible {
    /// A compact, numpy-like spelling: `f64`, `i32`, `u8`, `b8`, `S12 utf8`, `str utf8` (variable),
    /// `enum(i8){FALSE=0, TRUE=1}`, `{r: f64, i: f64}`, `f64[3]`.
    public var description: String {
        switch self {
        case .integer(let bits, let signed): "\(signed ? "i" : "u")\(bits)"
        case .float(let bits): "f\(bits)"
        case .bitfield(let bits): "b\(bits)"
        case .enumeration(let base, let members):
            "enum(\(base)){" + members.map { "\($0.name)=\($0.value)" }.joined(separator: ", ") + "}"
        case .string(let length, let encoding):
            (length.map { "S\($0)" } ?? "str") + (encoding == .utf8 ? " utf8" : " ascii")
        case .compound(let fields):
            "{" + fields.map { "\($0.name): \($0.type)" }.joined(separator: ", ") + "}"
        case .array(let base, let dimensions):
            "\(base)[" + dimensions.map(String.init).joined(separator: ", ") + "]"
        case .other(let className, let size): "\(className)(\(size) bytes)"
        }
    }
}
