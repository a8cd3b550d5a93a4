/// An error raised by GSLRandom: an unknown generator name, a state of the wrong size or generator, an
/// invalid distribution parameter, or a generator GSL could not allocate.
public struct RandomStreamError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is.
    public var code: Code
    /// A human-readable explanation.
    public var message: String
    /// The generator involved, when known.
    public var algorithm: String?
    /// Where in this module the error was raised.
    public var function: String

    /// Creates an error.
    public init(code: Code, message: String, algorithm: String? = nil, function: String = #function) {
        self.code = code
        self.message = message
        self.algorithm = algorithm
        self.function = function
    }

    public var description: String {
        "RandomStreamError(\(code)): \(message)" + (algorithm.map { " [generator \($0)]" } ?? "")
    }

    /// The kind of a ``RandomStreamError``. Extensible.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// No GSL generator has that name.
        public static let unknownAlgorithm = Code("unknown algorithm")
        /// Saved state bytes do not have the generator's state size.
        public static let stateSizeMismatch = Code("state size mismatch")
        /// Saved state belongs to another generator than the stream it is restored into.
        public static let algorithmMismatch = Code("algorithm mismatch")
        /// A distribution parameter, range, seed or sample size is invalid.
        public static let invalidArgument = Code("invalid argument")
        /// GSL could not allocate a generator.
        public static let allocationFailed = Code("allocation failed")

        public var description: String { name }
    }
}
