import Synchronization

/// Where workers post what happened (completions, a drained queue, a stop) for the task that owns the
/// trajectory. Unlike a stream that wakes the reader for every element, the reader says how many
/// completions it waits for: a whole batch costs one wake-up, not one per run. Control events and
/// ``poke()`` (the progress timer) always wake it.
final class EventInbox<Event: Sendable>: Sendable {
    private struct State {
        var events: [Event] = []
        var completions = 0
        var control = false
        var waiter: CheckedContinuation<Void, Never>?
        var threshold = 1
        var closed = false
    }
    private let state = Mutex(State())

    /// Posts an event; `isCompletion` events count towards the reader's threshold.
    func post(_ event: Event, isCompletion: Bool) {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.events.append(event)
            if isCompletion { state.completions += 1 } else { state.control = true }
            guard state.control || state.completions >= state.threshold else { return nil }
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    /// Wakes the reader whatever it waits for.
    func poke() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.control = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    /// Every event posted so far, waiting first until `completions` completions (or a control event, or a
    /// poke) arrived. Returns at once when events enough are there.
    ///
    /// `spare` is the array the reader took last time, done with: its storage receives the next events
    /// (a batch of many thousand completions would otherwise need a fresh buffer, page faults included,
    /// every time). Pass it uniquely referenced for the reuse to happen.
    func take(waitingFor completions: Int, recycling spare: consuming [Event] = []) async -> [Event] {
        spare.removeAll(keepingCapacity: true)
        func grab(_ state: inout State) -> [Event]? {
            guard state.control || state.completions >= max(1, completions) else { return nil }
            var taken = [Event]()
            swap(&taken, &spare)
            swap(&taken, &state.events)
            state.completions = 0
            state.control = false
            return taken
        }
        if let ready = state.withLock({ grab(&$0) }) { return ready }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let resumeNow = state.withLock { state -> Bool in
                if state.control || state.completions >= max(1, completions) { return true }
                state.threshold = max(1, completions)
                state.waiter = continuation
                return false
            }
            if resumeNow { continuation.resume() }
        }
        return state.withLock { state in grab(&state) ?? [] }
    }
}
