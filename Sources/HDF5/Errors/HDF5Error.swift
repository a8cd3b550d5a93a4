/// An error raised by the HDF5 layer.
///
/// Every failure of this module is reported as an `HDF5Error`: a missing file or object, a file that is
/// not HDF5 or is damaged, an element type that does not match what is stored, a shape that does not
/// fit, or a failing libhdf5 call. The error carries the context needed to act on it: the ``code``, the
/// ``operation`` that failed (usually the libhdf5 function), the ``file`` and object ``path``, and the
/// libhdf5 error ``stack`` captured at the moment of failure. libhdf5's own printing to standard error is
/// switched off by this module; the stack travels in the error instead.
public struct HDF5Error: Error, Sendable, Hashable {
    /// What kind of failure this is. Extensible: new codes may be added in later versions.
    public var code: Code
    /// A human-readable explanation.
    public var message: String
    /// The operation that failed, usually the name of the libhdf5 function (`H5Dopen2`).
    public var operation: String
    /// The file the operation worked on, when known.
    public var file: String?
    /// The object path inside the file (`/group/dataset`), when known.
    public var path: String?
    /// The libhdf5 error stack captured right after the failing call, innermost frame last.
    public var stack: [StackFrame]
    /// Where in this module the error was raised.
    public var location: SourceLocation

    /// Creates an error. Most errors are created by this module; the initializer is public so that layers
    /// above can re-wrap them with more context.
    public init(
        code: Code,
        message: String,
        operation: String,
        file: String? = nil,
        path: String? = nil,
        stack: [StackFrame] = [],
        location: SourceLocation = .init()
    ) {
        self.code = code
        self.message = message
        self.operation = operation
        self.file = file
        self.path = path
        self.stack = stack
        self.location = location
    }
}

extension HDF5Error {
    /// The kind of an ``HDF5Error``.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Wrapped: Hashable, Sendable {
            case notFound, alreadyExists, invalidFile, typeMismatch, shapeMismatch, invalidArgument
            case unsupportedType, closed, readOnly, alreadyOpen, locked, libraryFailure
        }
        private let wrapped: Wrapped
        private init(_ wrapped: Wrapped) { self.wrapped = wrapped }

        /// A file, group, dataset, attribute, link or column does not exist.
        public static let notFound = Code(.notFound)
        /// Something with that name already exists and the operation does not replace it.
        public static let alreadyExists = Code(.alreadyExists)
        /// The file is not an HDF5 file, or it is truncated or damaged.
        public static let invalidFile = Code(.invalidFile)
        /// The stored element type cannot be read as (or written from) the requested Swift type.
        public static let typeMismatch = Code(.typeMismatch)
        /// A number of values, a shape, a selection or a row index does not fit the object.
        public static let shapeMismatch = Code(.shapeMismatch)
        /// An argument is invalid: an empty name, a bad option, a string longer than its fixed length.
        public static let invalidArgument = Code(.invalidArgument)
        /// The stored datatype is one this module cannot represent.
        public static let unsupportedType = Code(.unsupportedType)
        /// The file was closed before the operation.
        public static let closed = Code(.closed)
        /// The file was opened read-only and the operation writes.
        public static let readOnly = Code(.readOnly)
        /// The file is already open in this process with other access (libhdf5 refuses to open a file for
        /// writing while it is open read-only, and the other way round). Close it first.
        public static let alreadyOpen = Code(.alreadyOpen)
        /// Another process holds libhdf5's lock on the file (it has the file open, for example h5py
        /// writing it), and the lock was still held after the open retried for a while.
        public static let locked = Code(.locked)
        /// libhdf5 reported a failure not covered by a more specific code; see ``HDF5Error/stack``.
        public static let libraryFailure = Code(.libraryFailure)

        public var description: String {
            switch wrapped {
            case .notFound: "not found"
            case .alreadyExists: "already exists"
            case .invalidFile: "invalid file"
            case .typeMismatch: "type mismatch"
            case .shapeMismatch: "shape mismatch"
            case .invalidArgument: "invalid argument"
            case .unsupportedType: "unsupported type"
            case .closed: "closed"
            case .readOnly: "read-only"
            case .alreadyOpen: "already open"
            case .locked: "locked"
            case .libraryFailure: "library failure"
            }
        }
    }

    /// One record of the libhdf5 error stack.
    public struct StackFrame: Hashable, Sendable, CustomStringConvertible {
        /// The libhdf5 function that pushed the record.
        public var function: String
        /// The libhdf5 source file.
        public var sourceFile: String
        /// The line in ``sourceFile``.
        public var line: Int
        /// libhdf5's major message ("Dataset", "File accessibility").
        public var major: String
        /// libhdf5's minor message ("Unable to open file", "Object not found").
        public var minor: String
        /// The record's own description.
        public var detail: String

        /// Creates a frame.
        public init(function: String, sourceFile: String, line: Int, major: String, minor: String, detail: String) {
            self.function = function
            self.sourceFile = sourceFile
            self.line = line
            self.major = major
            self.minor = minor
            self.detail = detail
        }

        public var description: String {
            "\(function) (\(sourceFile):\(line)): \(detail) [\(major): \(minor)]"
        }
    }

    /// A place in this module's source code.
    public struct SourceLocation: Hashable, Sendable {
        /// The function that raised the error.
        public var function: String
        /// The source file.
        public var file: String
        /// The line.
        public var line: Int

        /// Captures the caller's location.
        public init(function: String = #function, file: String = #fileID, line: Int = #line) {
            self.function = function
            self.file = file
            self.line = line
        }
    }
}
