import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Graceful exit on SIGINT while an environment runs: the first signal calls `onFirst` (stop starting
/// runs); a second one restores the default action and re-raises, ending the process at once (the
/// journal keeps every committed run).
final class InterruptHandler {
    private let source: any DispatchSourceSignal
    private final class Counter: Sendable { let value = Mutex(0) }
    private let count = Counter()
    private static let active = Mutex(false)

    /// Installs the handler, or returns nil when another environment already handles SIGINT.
    init?(onFirst: @escaping @Sendable () -> Void) {
        let installed = Self.active.withLock { active -> Bool in
            guard !active else { return false }
            active = true
            return true
        }
        guard installed else { return nil }
        signal(SIGINT, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        let count = count
        let source = source
        source.setEventHandler {
            // Signals that arrive close together are delivered as one event; `data` counts them.
            let received = max(1, Int(source.data))
            let seen = count.value.withLock { value -> Int in
                value += received
                return value
            }
            if seen == 1 {
                onFirst()
            } else {
                // libdispatch keeps SIGINT blocked to receive it; unblock it here so the default
                // action (termination by the signal) happens, as the shell expects.
                signal(SIGINT, SIG_DFL)
                var set = sigset_t()
                sigemptyset(&set)
                sigaddset(&set, SIGINT)
                pthread_sigmask(SIG_UNBLOCK, &set, nil)
                raise(SIGINT)
                _exit(130)
            }
        }
        source.resume()
    }

    /// Restores the default SIGINT action.
    func remove() {
        source.cancel()
        signal(SIGINT, SIG_DFL)
        Self.active.withLock { $0 = false }
    }
}
