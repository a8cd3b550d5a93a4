import Synchronization

/// Decides whether a worker (process or MPI rank) gets more than one run at a time: while its runs are
/// short (under ``fastRun`` seconds) extra takers may hand it runs, so it starts the next the moment it
/// finishes one; a long run holds no further run back from the other workers. Extra takers wait here.
package final class PipelineGate: Sendable {
    /// Runs shorter than this are pipelined.
    package static let fastRun = 0.05

    private struct State {
        var fast = false
        var closed = false
        var waiters: [CheckedContinuation<Bool, Never>] = []
    }

    private let state = Mutex(State())

    package init() {}

    /// True once runs are short enough; false when the gate closes.
    package func waitUntilOpen() async -> Bool {
        await withCheckedContinuation { continuation in
            let answer: Bool? = state.withLock { state in
                if state.closed { return false }
                if state.fast { return true }
                state.waiters.append(continuation)
                return nil
            }
            if let answer { continuation.resume(returning: answer) }
        }
    }

    /// Records how long a run took; a short one lets waiting takers in.
    package func note(runtime seconds: Double) {
        let fast = seconds < Self.fastRun
        let released = state.withLock { state -> [CheckedContinuation<Bool, Never>] in
            state.fast = fast
            guard fast else { return [] }
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        for waiter in released { waiter.resume(returning: true) }
    }

    /// Lets every waiting taker go (they take no more runs).
    package func close() {
        let released = state.withLock { state -> [CheckedContinuation<Bool, Never>] in
            state.closed = true
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        for waiter in released { waiter.resume(returning: false) }
    }
}
