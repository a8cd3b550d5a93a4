public import ComplexModule
public import RealModule

/// A Swift type whose values can be stored as the elements of an ``HDF5Dataset``.
///
/// The conforming types are fixed by this module: `Double`, `Float`, `Int`, `Int64`, `Int32`, `UInt8`,
/// `UInt64`, `Bool` and `Complex<Double>`. Strings have their own dataset methods because they need a length.
public protocol HDF5Element: Sendable {
    /// How values of this type travel between Swift and libhdf5. Only this module can create codecs.
    static var hdf5Codec: HDF5ElementCodec<Self> { get }
}

/// How values of one ``HDF5Element`` type are laid out in memory for libhdf5. Opaque to users: its
/// initializer is internal, so the set of element types stays closed and memory-safe.
public struct HDF5ElementCodec<Element>: Sendable {
    enum Kind: Sendable, Hashable {
        case float64, float32, int64, int32, uint8, uint64, bool, complex
    }

    let kind: Kind
    /// Creates `count` elements by letting `fill` write the memory-type bytes of all of them.
    let read: @Sendable (_ count: Int, _ fill: (UnsafeMutableRawPointer) -> Bool) -> [Element]?
    /// Hands the memory-type bytes of `values` to `body`.
    let withBytes: @Sendable (_ values: [Element], _ body: (UnsafeRawPointer) -> Bool) -> Bool

    /// Elements whose Swift layout is exactly the memory type (numbers).
    static func direct(_ kind: Kind) -> Self {
        Self(
            kind: kind,
            read: { count, fill in
                var ok = true
                let values = [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
                    ok = count == 0 || (buffer.baseAddress.map { fill(UnsafeMutableRawPointer($0)) } ?? false)
                    initialized = ok ? count : 0
                }
                return ok ? values : nil
            },
            withBytes: { values, body in
                values.withUnsafeBytes { raw in
                    guard let base = raw.baseAddress else {
                        var empty: UInt8 = 0
                        return body(&empty)
                    }
                    return body(base)
                }
            })
    }
}

extension HDF5ElementCodec where Element == Double {
    /// 64-bit floats, stored as IEEE f64 little-endian.
    public static var float64: Self { .direct(.float64) }
}
extension HDF5ElementCodec where Element == Float {
    /// 32-bit floats, stored as IEEE f32 little-endian.
    public static var float32: Self { .direct(.float32) }
}
extension HDF5ElementCodec where Element == Int64 {
    /// 64-bit integers, stored as i64 little-endian.
    public static var int64: Self { .direct(.int64) }
}
extension HDF5ElementCodec where Element == Int {
    /// Swift `Int` (64-bit on every supported platform), stored as i64 little-endian.
    public static var int: Self { .direct(.int64) }
}
extension HDF5ElementCodec where Element == Int32 {
    /// 32-bit integers, stored as i32 little-endian.
    public static var int32: Self { .direct(.int32) }
}
extension HDF5ElementCodec where Element == UInt8 {
    /// Bytes, stored as u8.
    public static var uint8: Self { .direct(.uint8) }
}
extension HDF5ElementCodec where Element == UInt64 {
    /// Unsigned 64-bit integers (numpy's `uint64`), stored as u64 little-endian.
    public static var uint64: Self { .direct(.uint64) }
}
extension HDF5ElementCodec where Element == Bool {
    /// Booleans, stored as an 8-bit bitfield (what PyTables and pypet write).
    public static var bool: Self {
        Self(
            kind: .bool,
            read: { count, fill in
                var bytes = [UInt8](repeating: 0, count: count)
                let ok = bytes.withUnsafeMutableBytes { count == 0 || ($0.baseAddress.map(fill) ?? false) }
                return ok ? bytes.map { $0 != 0 } : nil
            },
            withBytes: { values, body in
                var bytes = values.map { $0 ? UInt8(1) : 0 }
                if bytes.isEmpty { bytes = [0] }
                return bytes.withUnsafeBytes { $0.baseAddress.map { body(UnsafeRawPointer($0)) } ?? false }
            })
    }
}
extension HDF5ElementCodec where Element == Complex<Double> {
    /// Complex numbers, stored as the compound `{r: f64, i: f64}` that h5py reads as `complex128`.
    public static var complex: Self {
        Self(
            kind: .complex,
            read: { count, fill in
                var parts = [Double](repeating: 0, count: 2 * count)
                let ok = parts.withUnsafeMutableBytes { count == 0 || ($0.baseAddress.map(fill) ?? false) }
                guard ok else { return nil }
                return (0..<count).map { Complex(parts[2 * $0], parts[2 * $0 + 1]) }
            },
            withBytes: { values, body in
                var parts: [Double] = []
                parts.reserveCapacity(2 * values.count + 2)
                for value in values { parts.append(value.real); parts.append(value.imaginary) }
                if parts.isEmpty { parts = [0, 0] }
                return parts.withUnsafeBytes { $0.baseAddress.map { body(UnsafeRawPointer($0)) } ?? false }
            })
    }
}

extension Double: HDF5Element { public static var hdf5Codec: HDF5ElementCodec<Double> { .float64 } }
extension Float: HDF5Element { public static var hdf5Codec: HDF5ElementCodec<Float> { .float32 } }
extension Int64: HDF5Element { public static var hdf5Codec: HDF5ElementCodec<Int64> { .int64 } }
extension Int: HDF5Element { public static var hdf5Codec: HDF5ElementCodec<Int> { .int } }
extension Int32: HDF5Element { public static var hdf5Codec: HDF5ElementCodec<Int32> { .int32 } }
extension UInt8: HDF5Element { public static var hdf5Codec: HDF5ElementCodec<UInt8> { .uint8 } }
extension UInt64: HDF5Element { public static var hdf5Codec: HDF5ElementCodec<UInt64> { .uint64 } }
extension Bool: HDF5Element { public static var hdf5Codec: HDF5ElementCodec<Bool> { .bool } }
extension Complex: HDF5Element where RealType == Double {
    public static var hdf5Codec: HDF5ElementCodec<Complex<Double>> { .complex }
}
