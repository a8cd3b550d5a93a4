/// An error raised by unit quantities: adding or comparing quantities of different dimensions, an unknown
/// unit symbol, arrays of different shapes.
public struct QuantityError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is.
    public var code: Code
    /// A plain-language explanation: what was attempted, why it failed, what to do.
    public var message: String

    /// Creates an error.
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }

    /// The kind of a ``QuantityError``.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// Two quantities (or a quantity and a unit) have different physical dimensions, such as volts and
        /// seconds.
        public static let dimensionMismatch = Code("dimension mismatch")
        /// A unit symbol is not known (see ``PhysicalUnit/init(symbol:)``).
        public static let unknownUnit = Code("unknown unit")
        /// Two array quantities have different shapes, or a scalar was needed.
        public static let shapeMismatch = Code("shape mismatch")

        public var description: String { name }
    }
}
