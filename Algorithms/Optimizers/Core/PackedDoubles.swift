/// Stores a list of doubles in an optimizer and encodes it as base64 text of their little-endian IEEE 754
/// bytes: exact (NaN and infinities included) and one JSON string instead of one number per value, since
/// an optimizer's state is encoded with every generation. Decoding also accepts a plain array of numbers
/// (records of earlier versions).
@propertyWrapper
public struct PackedDoubles: Sendable, Hashable {
    /// The values.
    public var wrappedValue: [Double]

    /// Wraps `values`.
    public init(wrappedValue: [Double]) { self.wrappedValue = wrappedValue }
}
