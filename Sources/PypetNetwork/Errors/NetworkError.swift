/// An error of the network engine or framework: a model value of the wrong unit, a connection between
/// groups that cannot be made, a subrun without an order, a component that expects an item nobody added.
public struct NetworkError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is.
    public var code: Code
    /// A plain-language explanation: the item, the cause, what to do.
    public var message: String
    /// The network element, parameter or item involved (`neurons_e`, `simulation.durations.init`).
    public var item: String?

    /// Creates an error.
    public init(code: Code, message: String, item: String? = nil) {
        self.code = code
        self.message = message
        self.item = item
    }

    public var description: String {
        guard let item, !message.contains(item) else { return message }
        return "\(item): \(message)"
    }

    /// The kind of a ``NetworkError``.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// A model value is out of range or has the wrong unit (a negative time constant, a threshold
        /// below the reset, a weight in mV for a conductance synapse).
        public static let invalidModel = Code("invalid model")
        /// A connection, element or monitor does not fit the network (a target group not in the
        /// network, an element added twice, a recorded index out of range).
        public static let invalidStructure = Code("invalid structure")
        /// A subrun duration has no `order` annotation, or two have the same order.
        public static let invalidSubruns = Code("invalid subruns")
        /// A component expects a shared item that no component added, or of another type.
        public static let missingItem = Code("missing item")
        /// The manager was asked to run before it was prepared (``NetworkManager/preBuild(_:seed:)``).
        public static let notPrepared = Code("not prepared")
        /// A random stream could not be made or drawn from.
        public static let random = Code("random")
        /// Reading a parameter or adding a result failed.
        public static let trajectory = Code("trajectory")

        public var description: String { name }
    }
}

extension NetworkError {
    static func model(_ message: String, item: String? = nil) -> NetworkError {
        NetworkError(code: .invalidModel, message: message, item: item)
    }

    static func structure(_ message: String, item: String? = nil) -> NetworkError {
        NetworkError(code: .invalidStructure, message: message, item: item)
    }
}
