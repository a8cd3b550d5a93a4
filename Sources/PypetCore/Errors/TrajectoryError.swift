/// An error raised by the trajectory: a bad name, a missing or ambiguous node, a value of the wrong type,
/// a locked parameter, an exploration that does not fit.
public struct TrajectoryError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is.
    public var code: Code
    /// A human-readable explanation.
    public var message: String
    /// The full name of the node or item involved, when there is one (`parameters.neuron.gL`).
    public var name: String?
    /// For ambiguous shortcuts: the full names of every candidate.
    public var candidates: [String]

    /// Creates an error.
    public init(code: Code, message: String, name: String? = nil, candidates: [String] = []) {
        self.code = code
        self.message = message
        self.name = name
        self.candidates = candidates
    }

    public var description: String {
        var text = message
        if let name, !message.contains(name) { text += " (\(name))" }
        if !candidates.isEmpty { text += " candidates: " + candidates.joined(separator: ", ") }
        return text
    }

    /// The kind of a ``TrajectoryError``. Extensible.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// A name breaks the naming rules (characters, length, leading underscore).
        public static let invalidName = Code("invalid name")
        /// A name is reserved (a branch alias, a run alias, a method of the tree).
        public static let reservedName = Code("reserved name")
        /// No node, item, run or custom type of that name.
        public static let notFound = Code("not found")
        /// A shortcut matches several nodes; ``TrajectoryError/candidates`` lists them.
        public static let ambiguous = Code("ambiguous")
        /// A node of that name exists already.
        public static let alreadyExists = Code("already exists")
        /// A value has another type than expected (a parameter's default, a requested Swift type).
        public static let typeMismatch = Code("type mismatch")
        /// A value is not valid for its purpose (an empty array, a heterogeneous list, a shape that does
        /// not match its element count).
        public static let invalidValue = Code("invalid value")
        /// The parameter is locked: it was read (or locked explicitly) and cannot be changed.
        public static let locked = Code("locked")
        /// Explored ranges have different lengths.
        public static let unequalLengths = Code("unequal lengths")
        /// An expansion names another set of parameters than the explored one, or explores a node that
        /// cannot be explored.
        public static let explorationMismatch = Code("exploration mismatch")
        /// A node is not of the kind the operation needs (a group where a leaf is needed).
        public static let wrongKind = Code("wrong kind")
        /// A preset value was never used by an added parameter.
        public static let unusedPreset = Code("unused preset")
        /// Loading a lazily loaded node's data from its file failed.
        public static let loadFailed = Code("load failed")

        public var description: String { name }
    }
}

extension TrajectoryError {
    static func notFound(_ name: String, _ message: String? = nil) -> TrajectoryError {
        TrajectoryError(code: .notFound, message: message ?? "no node '\(name)'", name: name)
    }

    static func typeMismatch(_ message: String, name: String? = nil) -> TrajectoryError {
        TrajectoryError(code: .typeMismatch, message: message, name: name)
    }

    static func invalidValue(_ message: String, name: String? = nil) -> TrajectoryError {
        TrajectoryError(code: .invalidValue, message: message, name: name)
    }
}
