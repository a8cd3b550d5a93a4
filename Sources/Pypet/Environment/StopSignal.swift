import Synchronization

/// Connects stop requests (SIGINT, ``Environment/requestStop()``) to the run queue of the current run.
final class StopSignal: Sendable {
    private struct State {
        var queue: RunQueue?
        var wake: (@Sendable () -> Void)?
        var fired = false
    }
    private let state = Mutex(State())

    func attach(_ queue: RunQueue, wake: @escaping @Sendable () -> Void) {
        state.withLock { $0 = State(queue: queue, wake: wake, fired: false) }
    }

    func detach() {
        state.withLock { $0 = State() }
    }

    var fired: Bool { state.withLock { $0.fired } }

    func fire() {
        let (queue, wake) = state.withLock { state -> (RunQueue?, (@Sendable () -> Void)?) in
            state.fired = true
            return (state.queue, state.wake)
        }
        queue?.stop()
        wake?()
    }
}

/// Stops an environment's runs from any task: active runs finish and are committed, nothing new starts.
public struct StopHandle: Sendable {
    let signal: StopSignal

    /// Starts no new runs; the running call throws ``EnvironmentError/Code/interrupted`` once the active
    /// runs are committed.
    public func requestStop() { signal.fire() }
}
