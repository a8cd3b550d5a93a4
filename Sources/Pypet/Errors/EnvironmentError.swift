import PypetCore
import PypetStorage

/// An error raised by the ``Environment``: bad options or arguments, a trajectory or storage failure
/// while preparing or finishing runs, too many failed runs, an interruption.
///
/// Runs that completed before the error are committed to the file; ``completedRuns`` says how many.
public struct EnvironmentError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is.
    public var code: Code
    /// A human-readable explanation.
    public var message: String
    /// The HDF5 file involved, if any.
    public var file: String?
    /// The run involved, if any.
    public var run: Int?
    /// How many runs had completed (and were committed) when the error was raised.
    public var completedRuns: Int
    /// The error underneath (a ``StorageError``, a ``TrajectoryError``, a post-processing error), if any.
    public var underlying: (any Error)?

    /// Creates an error.
    public init(
        code: Code, message: String, file: String? = nil, run: Int? = nil, completedRuns: Int = 0,
        underlying: (any Error)? = nil
    ) {
        self.code = code
        self.message = message
        self.file = file
        self.run = run
        self.completedRuns = completedRuns
        self.underlying = underlying
    }

    /// The error in plain words: the message, then the run and the file, then what caused it (no type
    /// names: this is what programs and the examples print).
    public var description: String {
        var text = message
        var context: [String] = []
        if let run { context.append("run \(run)") }
        if let file { context.append("file \(file)") }
        if !context.isEmpty { text += " (" + context.joined(separator: ", ") + ")" }
        if let underlying {
            let cause = String(describing: underlying)
            if !cause.isEmpty, !text.contains(cause), !cause.contains(message) || message.isEmpty { text += "; caused by: " + cause }
        }
        return text
    }

    /// The kind of an ``EnvironmentError``. Extensible.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// An option or argument is invalid (negative cores, wrong number of map arguments, ...).
        public static let invalidArgument = Code("invalid argument")
        /// The trajectory refused an operation (an expansion that does not fit, a bad result name, ...).
        public static let trajectory = Code("trajectory")
        /// Reading or writing the HDF5 file, its parts or its journal failed.
        public static let storage = Code("storage")
        /// The file already holds another trajectory of this name.
        public static let alreadyExists = Code("already exists")
        /// The failure policy stopped the runs after too many failed runs.
        public static let tooManyFailures = Code("too many failures")
        /// A SIGINT (or ``Environment/requestStop()``) stopped the runs before all were done.
        public static let interrupted = Code("interrupted")
        /// The post-processing closure threw.
        public static let postProcessing = Code("post-processing")
        /// A configuration file could not be read: a missing file, invalid YAML, an unknown key or a value of
        /// the wrong type (the message names the file, line and key).
        public static let configuration = Code("configuration")
        /// The git working tree has uncommitted changes and ``GitPolicy/OnDirty/refuse`` is set (or committing
        /// them failed).
        public static let dirtyRepository = Code("dirty repository")
        /// ``EnvironmentOptions/timeBudget`` ran out before all runs were done (the finished ones are committed).
        public static let timeBudgetExhausted = Code("time budget exhausted")

        public var description: String { name }
    }
}

extension EnvironmentError {
    static func wrapping(_ error: any Error, file: String?, completed: Int = 0) -> EnvironmentError {
        switch error {
        case let error as EnvironmentError: return error
        case let error as StorageError:
            return EnvironmentError(code: .storage, message: error.message, file: error.file ?? file, completedRuns: completed, underlying: error)
        case let error as TrajectoryError:
            return EnvironmentError(code: .trajectory, message: error.message, file: file, completedRuns: completed, underlying: error)
        default:
            return EnvironmentError(code: .storage, message: "\(error)", file: file, completedRuns: completed)
        }
    }
}
