public import HDF5
import PypetCore

/// An error raised by the storage service: a file or trajectory that is missing or unreadable, a value
/// that cannot be stored in pypet's layout, an item that cannot be decoded (damaged, or of a type swift-pypet cannot represent).
public struct StorageError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is.
    public var code: Code
    /// A human-readable explanation.
    public var message: String
    /// The file involved.
    public var file: String?
    /// The trajectory item involved, by full name (`results.runs.run_00000003.z`).
    public var item: String?
    /// The HDF5 error underneath, if any.
    public var underlying: HDF5Error?

    /// Creates an error.
    public init(code: Code, message: String, file: String? = nil, item: String? = nil, underlying: HDF5Error? = nil) {
        self.code = code
        self.message = message
        self.file = file
        self.item = item
        self.underlying = underlying
    }

    /// The error in plain words: the message, the item and the file, and what libhdf5 said when it
    /// adds something (no type names: this is what the `pypet` command prints).
    public var description: String {
        var text = message
        var context: [String] = []
        if let item { context.append("item \(item)") }
        if let file { context.append("file \(file)") }
        if !context.isEmpty { text += " (" + context.joined(separator: ", ") + ")" }
        if let underlying, !underlying.message.isEmpty, !message.contains(underlying.message) { text += "; HDF5: " + underlying.message }
        return text
    }

    /// The kind of a ``StorageError``. Extensible.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// No such file, trajectory or item.
        public static let notFound = Code("not found")
        /// The file, or a part of it, does not follow the layout (or HDF5 refused it).
        public static let invalidFile = Code("invalid file")
        /// The value cannot be stored in pypet's layout, or a stored item cannot be decoded here
        /// (a type swift-pypet cannot represent, such as a uint64 beyond Int.max or a pickle to write back).
        public static let unsupported = Code("unsupported")
        /// An item exists and the store mode does not replace it.
        public static let alreadyExists = Code("already exists")
        /// The trajectory in memory does not fit what the file holds (another parameter space).
        public static let mismatch = Code("mismatch")

        public var description: String { name }
    }
}

extension StorageError {
    /// Any error thrown while working on the file at `path` as a ``StorageError``: storage errors as they
    /// are, HDF5 errors wrapped, trajectory errors (the file's content or the trajectory does not fit)
    /// with `trajectoryCode`.
    static func wrapping(_ error: any Error, path: String, trajectoryCode: Code = .mismatch) -> StorageError {
        switch error {
        case let error as StorageError: error
        case let error as HDF5Error: hdf5(error)
        case let error as TrajectoryError: StorageError(code: trajectoryCode, message: error.message, file: path, item: error.name)
        default: StorageError(code: .invalidFile, message: "\(error)", file: path)
        }
    }

    /// Wraps an HDF5 error with the item it concerned.
    static func hdf5(_ error: HDF5Error, item: String? = nil) -> StorageError {
        let code: Code = error.code == .notFound ? .notFound : .invalidFile
        return StorageError(code: code, message: error.message, file: error.file, item: item, underlying: error)
    }
}
