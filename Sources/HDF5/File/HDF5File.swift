internal import CHDF5
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An open HDF5 file.
///
/// Not `Sendable` on purpose: a file and the objects opened from it belong to one task or actor, which
/// rules out interleaved read-extend-write races on shared identifiers. Several tasks may each open their
/// own files (or the same file read-only) at the same time.
///
/// The file is opened with libhdf5's *strong* close degree: ``close()`` closes every object opened from
/// it, and any later use of those objects throws ``HDF5Error/Code/closed``. A file that is neither closed
/// explicitly nor by ``withFile(_:mode:_:)`` is closed when the last reference to it goes away.
public final class HDF5File {
    /// How a file is opened.
    public enum Mode: Sendable, Hashable {
        /// Reading only; every write throws ``HDF5Error/Code/readOnly``.
        case readOnly
        /// Reading and writing.
        case readWrite
    }

    /// The oldest HDF5 file format a new file's objects use.
    public enum Format: Sendable, Hashable {
        /// The earliest format libhdf5 can write: readable by every HDF5 version. libhdf5's default.
        case earliest
        /// HDF5 1.8 objects: compact groups and attribute storage, much smaller files with many small
        /// groups; readable by HDF5 1.8 and later (h5py, PyTables and pypet all are).
        case v18
    }

    /// What ``create(_:ifExists:format:)`` does when the file exists.
    public enum ExistingFilePolicy: Sendable, Hashable {
        /// Throw ``HDF5Error/Code/alreadyExists``.
        case fail
        /// Truncate it to an empty HDF5 file.
        case truncate
    }

    /// The file's path as given.
    public let path: String
    /// How the file was opened.
    public let mode: Mode
    /// Whether the file is still open.
    public private(set) var isOpen: Bool
    private let id: hid_t

    private init(id: hid_t, path: String, mode: Mode) {
        self.id = id
        self.path = path
        self.mode = mode
        self.isOpen = true
    }

    deinit {
        guard isOpen else { return }
        let id = id
        HDF5Library.performQuietly { H5Fclose(id) }
    }

    /// Creates a new HDF5 file (`H5Fcreate`) and opens it for reading and writing.
    /// - Parameter format: The oldest format its objects use (``Format/earliest`` by default).
    /// - Parameters:
    ///   - path: Where to create it. The directory must exist.
    ///   - ifExists: Whether an existing file is an error (the default) or is truncated.
    public static func create(
        _ path: String, ifExists: ExistingFilePolicy = .fail, format: Format = .earliest
    ) throws(HDF5Error) -> HDF5File {
        try performRetryingLockConflicts(path) { () throws(HDF5Error) -> HDF5File in
            let context = ErrorContext(file: path, path: nil)
            guard !path.isEmpty else {
                throw context.error(.invalidArgument, "empty file path", operation: "H5Fcreate")
            }
            if ifExists == .fail, access(path, F_OK) == 0 {
                throw context.error(.alreadyExists, "file exists", operation: "H5Fcreate")
            }
            let access = try accessList(context: context)
            try apply(format, to: access, context: context)
            let flags = ifExists == .fail ? chdf5_F_ACC_EXCL() : chdf5_F_ACC_TRUNC()
            let id = H5Fcreate(path, flags, chdf5_P_DEFAULT(), access.id)
            guard id >= 0 else {
                throw HDF5Error.library("H5Fcreate", file: path)
            }
            closeOnExec(id)
            return HDF5File(id: id, path: path, mode: .readWrite)
        }
    }

    /// Opens an existing HDF5 file (`H5Fopen`).
    ///
    /// A missing file throws ``HDF5Error/Code/notFound``; a file that is not HDF5, or is truncated or
    /// damaged so that libhdf5 refuses it, throws ``HDF5Error/Code/invalidFile``.
    /// - Parameter format: The oldest format objects created from now on use (libhdf5 does not record it
    ///   in the file, so a writer opening a ``Format/v18`` file passes it again).
    public static func open(_ path: String, mode: Mode = .readOnly, format: Format = .earliest) throws(HDF5Error) -> HDF5File {
        try performRetryingLockConflicts(path) { () throws(HDF5Error) -> HDF5File in
            let context = ErrorContext(file: path, path: nil)
            guard access(path, F_OK) == 0 else {
                throw context.error(.notFound, "no such file", operation: "H5Fopen")
            }
            guard access(path, mode == .readOnly ? R_OK : (R_OK | W_OK)) == 0 else {
                throw context.error(.invalidArgument, "cannot access file: \(systemMessage())", operation: "H5Fopen")
            }
            let isHDF5 = H5Fis_hdf5(path)
            guard isHDF5 > 0 else {
                throw HDF5Error.library(
                    "H5Fis_hdf5", code: .invalidFile, message: "not an HDF5 file (no HDF5 signature)", file: path)
            }
            let access = try accessList(context: context)
            try apply(format, to: access, context: context)
            let flags = mode == .readOnly ? chdf5_F_ACC_RDONLY() : chdf5_F_ACC_RDWR()
            let id = H5Fopen(path, flags, access.id)
            guard id >= 0 else {
                var error = HDF5Error.library("H5Fopen", code: .invalidFile, file: path)
                if error.stack.contains(where: { $0.detail.contains("already open") }) {
                    error.code = .alreadyOpen
                    error.message = "the file is already open in this process with other access; close it first"
                }
                throw error
            }
            closeOnExec(id)
            return HDF5File(id: id, path: path, mode: mode)
        }
    }

    /// Opens a file, runs `body` with it and closes it, also when `body` throws.
    public static func withFile<R>(
        _ path: String, mode: Mode = .readOnly, _ body: (HDF5File) throws -> R
    ) throws -> R {
        let file = try open(path, mode: mode)
        defer { try? file.close() }
        return try body(file)
    }

    /// Whether `path` names a readable HDF5 file (`H5Fis_hdf5`): false for missing files and other formats.
    public static func isHDF5(_ path: String) -> Bool {
        guard access(path, R_OK) == 0 else { return false }
        return HDF5Library.perform { () -> Bool in H5Fis_hdf5(path) > 0 }
    }

    /// The root group `/`.
    public var root: HDF5Group {
        get throws(HDF5Error) { try openRoot() }
    }

    /// Writes buffered data to disk (`H5Fflush`, global scope). It does not make the file crash-proof;
    /// see the project's durability notes.
    public func flush() throws(HDF5Error) {
        try HDF5Library.perform { () throws(HDF5Error) in
            let context = ErrorContext(file: path, path: nil)
            try ensureOpen(context, "H5Fflush")
            try context.check(H5Fflush(id, H5F_SCOPE_GLOBAL), "H5Fflush")
        }
    }

    /// Closes the file and every object opened from it (`H5Fclose`). Closing twice does nothing.
    public func close() throws(HDF5Error) {
        try HDF5Library.perform { () throws(HDF5Error) in
            guard isOpen else { return }
            isOpen = false
            try ErrorContext(file: path, path: nil).check(H5Fclose(id), "H5Fclose")
        }
    }

    // MARK: Internal

    func ensureOpen(_ context: ErrorContext, _ operation: String) throws(HDF5Error) {
        guard isOpen else { throw context.error(.closed, "the file was closed", operation: operation) }
    }

    func ensureWritable(_ context: ErrorContext, _ operation: String) throws(HDF5Error) {
        try ensureOpen(context, operation)
        guard mode == .readWrite else {
            throw context.error(.readOnly, "the file is open read-only", operation: operation)
        }
    }

    private func openRoot() throws(HDF5Error) -> HDF5Group {
        try HDF5Library.perform { () throws(HDF5Error) -> HDF5Group in
            let context = ErrorContext(file: path, path: "/")
            try ensureOpen(context, "H5Gopen2")
            let handle = try context.handle(H5Gopen2(id, "/", chdf5_P_DEFAULT()), .group, "H5Gopen2", owner: self)
            return HDF5Group(handle: handle, file: self, path: "/")
        }
    }

    private static func accessList(context: ErrorContext) throws(HDF5Error) -> Handle {
        let list = try context.handle(H5Pcreate(chdf5_P_FILE_ACCESS()), .propertyList, "H5Pcreate")
        try context.check(H5Pset_fclose_degree(list.id, H5F_CLOSE_STRONG), "H5Pset_fclose_degree")
        return list
    }

    /// How long an open waits for libhdf5's file lock before it throws ``HDF5Error/Code/locked``.
    static let lockWait: Duration = .seconds(2)

    /// Runs `attempt` (an open or a create) inside ``HDF5Library/perform(_:)``, and again while libhdf5
    /// cannot take its lock on the file (pausing outside the library's lock).
    ///
    /// libhdf5 locks every file it opens (`flock`). A process being spawned holds a copy of every open
    /// descriptor of its parent until it executes its program, close-on-exec ones included, so a file this
    /// process closed a moment ago can stay locked for a moment when another thread starts a process
    /// (`Foundation.Process`, Python, a shell) at that time. Such a conflict passes within milliseconds;
    /// a file another process keeps open stays locked, and after ``lockWait`` the open throws
    /// ``HDF5Error/Code/locked``.
    private static func performRetryingLockConflicts(
        _ path: String, _ attempt: () throws(HDF5Error) -> HDF5File
    ) throws(HDF5Error) -> HDF5File {
        let deadline = ContinuousClock.now + lockWait
        var pause: UInt32 = 500
        while true {
            do {
                return try HDF5Library.perform(attempt)
            } catch {
                guard error.stack.contains(where: { $0.detail.hasPrefix("unable to lock") }) else { throw error }
                guard ContinuousClock.now < deadline else {
                    var locked = error
                    locked.code = .locked
                    locked.message = "another process holds libhdf5's lock on the file (it has the file open); close it there first"
                    throw locked
                }
                usleep(pause)
                pause = min(pause * 2, 50_000)
            }
        }
    }

    /// Marks the file's descriptor close-on-exec. libhdf5 opens files without `O_CLOEXEC`, so a child
    /// process started while a file is open would inherit the descriptor, and with it libhdf5's `flock`
    /// lock, and keep the file locked after this process closed it.
    private static func closeOnExec(_ id: hid_t) {
        var handle: UnsafeMutableRawPointer?
        guard H5Fget_vfd_handle(id, chdf5_P_DEFAULT(), &handle) >= 0, let handle else {
            H5Eclear2(chdf5_E_DEFAULT())
            return
        }
        let descriptor = handle.load(as: Int32.self)
        let flags = fcntl(descriptor, F_GETFD)
        if flags >= 0 { _ = fcntl(descriptor, F_SETFD, flags | FD_CLOEXEC) }
    }

    private static func apply(_ format: Format, to access: Handle, context: ErrorContext) throws(HDF5Error) {
        guard format == .v18 else { return }
        try context.check(H5Pset_libver_bounds(access.id, H5F_LIBVER_V18, H5F_LIBVER_V18), "H5Pset_libver_bounds")
    }

    private static func systemMessage() -> String {
        String(cString: strerror(errno))
    }
}
