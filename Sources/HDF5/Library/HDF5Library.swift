internal import CHDF5
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Facts about the linked libhdf5 and the entry point every call of this module goes through.
public enum HDF5Library {
    /// The linked libhdf5's version, such as `1.10.8`.
    public static var version: String {
        var major: UInt32 = 0, minor: UInt32 = 0, release: UInt32 = 0
        _ = H5get_libversion(&major, &minor, &release)
        return "\(major).\(minor).\(release)"
    }

    /// Whether libhdf5 was built thread-safe (`H5is_library_threadsafe`). When it was not, this module
    /// serializes every libhdf5 call behind one process-wide lock; when it was, libhdf5's own global lock
    /// does that.
    public static var isThreadSafe: Bool { State.shared.threadSafe }

    /// Whether this module serializes libhdf5 calls itself: when the library is not thread-safe, or when
    /// the environment variable `SWIFT_PYPET_HDF5_SERIALIZE=1` asks for it (used by the tests to exercise
    /// that path on a thread-safe build).
    public static var serializesCalls: Bool { State.shared.serializes }

    /// Runs `body`, which calls libhdf5, under the module's rules: the library is initialized, its error
    /// printing is off for the calling thread, and calls are serialized if the library is not thread-safe.
    /// `body` must not suspend: libhdf5's error stack belongs to the thread.
    static func perform<R, E: Error>(_ body: () throws(E) -> R) throws(E) -> R {
        let state = State.shared
        state.enter()
        defer { state.leave() }
        return try body()
    }

    /// The non-throwing form of ``perform(_:)``, for `deinit` closes: `body` returns libhdf5's status, and
    /// a failure's error stack is cleared (nothing can report it), so it never shows up in a later error.
    static func performQuietly(_ body: () -> herr_t) {
        let state = State.shared
        state.enter()
        defer { state.leave() }
        if body() < 0 { H5Eclear2(chdf5_E_DEFAULT()) }
    }

    /// Process-wide library state, created once on first use.
    final class State: Sendable {
        static let shared = State()

        let threadSafe: Bool
        let serializes: Bool
        /// Present only when the library is not thread-safe (or serialization is forced).
        private let lock: RecursiveLock?
        /// A per-thread marker: set once libhdf5's automatic error printing is off on that thread
        /// (in a thread-safe build the setting is per thread).
        private let silencedKey: pthread_key_t

        private init() {
            _ = H5open()
            var flag: hbool_t = false
            let status = H5is_library_threadsafe(&flag)
            threadSafe = status >= 0 && flag
            let forced = getenv("SWIFT_PYPET_HDF5_SERIALIZE").map { String(cString: $0) == "1" } ?? false
            serializes = !threadSafe || forced
            lock = serializes ? RecursiveLock() : nil
            var key = pthread_key_t()
            pthread_key_create(&key, nil)
            silencedKey = key
            // Without thread safety the error-printing setting is global: off once, for every thread.
            if !threadSafe { H5Eset_auto2(chdf5_E_DEFAULT(), nil, nil) }
        }

        func enter() {
            lock?.lock()
            if threadSafe, pthread_getspecific(silencedKey) == nil {
                H5Eset_auto2(chdf5_E_DEFAULT(), nil, nil)
                pthread_setspecific(silencedKey, UnsafeRawPointer(bitPattern: 1))
            }
        }

        func leave() {
            lock?.unlock()
        }
    }
}
