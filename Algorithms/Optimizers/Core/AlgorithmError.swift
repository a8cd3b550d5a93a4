
/// An error raised by an optimizer or its driver: an invalid parameter space or configuration, a
/// fitness of the wrong size, an evaluation that does not match what was asked, a failing environment.
public struct AlgorithmError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is.
    public var code: Code
    /// A human-readable explanation.
    public var message: String
    /// The generation involved, if any.
    public var generation: Int?
    /// The error underneath (an `EnvironmentError`, a `TrajectoryError`, ...), if any.
    public var underlying: (any Error)?

    /// Creates an error.
    public init(code: Code, message: String, generation: Int? = nil, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.generation = generation
        self.underlying = underlying
    }

    public var description: String {
        var text = message
        if let generation { text += " (generation \(generation))" }
        if let underlying, !message.contains(String(describing: underlying)) { text += "; caused by: \(underlying)" }
        return text
    }

    /// The kind of an ``AlgorithmError``. Extensible.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// A parameter space, objective list or algorithm setting is invalid.
        public static let invalidConfiguration = Code("invalid configuration")
        /// `tell` got individuals that do not match the last `ask` (count, genomes or fitness sizes).
        public static let evaluationMismatch = Code("evaluation mismatch")
        /// `ask` was called twice without `tell`, or `tell` without `ask`.
        public static let protocolViolation = Code("protocol violation")
        /// The environment, trajectory or file failed while optimizing.
        public static let environment = Code("environment")
        /// A random stream could not be created.
        public static let random = Code("random")
        /// The file holds a search that the current program cannot continue: another parameter space,
        /// objectives or algorithm configuration, points that differ from what the optimizer proposes, or
        /// a recorded state that cannot be read.
        public static let resumeMismatch = Code("resume mismatch")

        public var description: String { name }
    }
}
