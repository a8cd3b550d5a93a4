import Synchronization

/// The environment's ``Environment/progressDetail``, set by a driver and read by the progress reporter.
final class ProgressDetailBox: Sendable {
    private let value = Mutex<String?>(nil)

    var text: String? {
        get { value.withLock { $0 } }
        set { value.withLock { $0 = newValue } }
    }
}
