import Synchronization

/// The runs waiting to be started, shared by the environment (which submits) and an executor's workers
/// (which take). Thread-safe; workers wait without blocking a thread.
///
/// ``finish()`` says no more runs will come (waiting workers get nil); ``stop()`` drops what waits and
/// hands out nothing more (a graceful exit).
public final class RunQueue: Sendable {
    private struct State {
        var pending: [RunRequest] = []
        var head = 0
        var waiters: [(id: Int, continuation: CheckedContinuation<RunRequest?, Never>)] = []
        var nextWaiter = 0
        var finished = false
        var stopped = false
        var handedOut = 0
        var waiting: Int { pending.count - head }
    }

    private let state = Mutex(State())
    private let onDrained: @Sendable () -> Void

    /// A queue that calls `onDrained` whenever it hands out its last waiting run.
    public init(onDrained: @escaping @Sendable () -> Void = {}) {
        self.onDrained = onDrained
    }

    /// Adds runs to start, in order. Returns false (and adds nothing) once the queue was stopped or finished.
    @discardableResult
    public func submit(_ requests: [RunRequest]) -> Bool {
        var resumed: [(CheckedContinuation<RunRequest?, Never>, RunRequest)] = []
        let (accepted, drained) = state.withLock { state -> (Bool, Bool) in
            guard !state.stopped, !state.finished else { return (false, false) }
            for request in requests {
                if !state.waiters.isEmpty {
                    resumed.append((state.waiters.removeFirst().continuation, request))
                    state.handedOut += 1
                } else {
                    state.pending.append(request)
                }
            }
            return (true, !resumed.isEmpty && state.waiting == 0)
        }
        for (continuation, request) in resumed { continuation.resume(returning: request) }
        if drained { onDrained() }
        return accepted
    }

    /// The next run to start, waiting for one if none waits; nil once the queue is finished (or stopped)
    /// and empty, or when the calling task is cancelled.
    public func next() async -> RunRequest? {
        enum Taken { case request(RunRequest, drained: Bool), end, wait }
        let taken = state.withLock { state -> Taken in
            if state.stopped { return .end }
            if state.waiting > 0 {
                let request = state.pending[state.head]
                state.head += 1
                state.handedOut += 1
                if state.head > 1024, state.head * 2 > state.pending.count {
                    state.pending.removeFirst(state.head)
                    state.head = 0
                }
                return .request(request, drained: state.waiting == 0)
            }
            return state.finished ? .end : .wait
        }
        switch taken {
        case .request(let request, let drained):
            if drained { onDrained() }
            return request
        case .end:
            return nil
        case .wait:
            let id = state.withLock { state -> Int in
                state.nextWaiter += 1
                return state.nextWaiter
            }
            return await withTaskCancellationHandler {
                await withCheckedContinuation { (continuation: CheckedContinuation<RunRequest?, Never>) in
                    let immediate = state.withLock { state -> Taken in
                        if state.stopped || Task.isCancelled { return .end }
                        if state.waiting > 0 {
                            let request = state.pending[state.head]
                            state.head += 1
                            state.handedOut += 1
                            return .request(request, drained: state.waiting == 0)
                        }
                        if state.finished { return .end }
                        state.waiters.append((id, continuation))
                        return .wait
                    }
                    switch immediate {
                    case .request(let request, let drained):
                        continuation.resume(returning: request)
                        if drained { onDrained() }
                    case .end:
                        continuation.resume(returning: nil)
                    case .wait:
                        break
                    }
                }
            } onCancel: {
                let waiter = state.withLock { state -> CheckedContinuation<RunRequest?, Never>? in
                    guard let position = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                    return state.waiters.remove(at: position).continuation
                }
                waiter?.resume(returning: nil)
            }
        }
    }

    /// No more runs will be submitted: workers finish what waits, then get nil.
    public func finish() {
        let waiters = state.withLock { state -> [CheckedContinuation<RunRequest?, Never>] in
            state.finished = true
            defer { state.waiters.removeAll() }
            return state.waiters.map(\.continuation)
        }
        for waiter in waiters { waiter.resume(returning: nil) }
    }

    /// Starts nothing more: drops the waiting runs and returns their indices.
    @discardableResult
    public func stop() -> [Int] {
        let (dropped, waiters) = state.withLock { state -> ([Int], [CheckedContinuation<RunRequest?, Never>]) in
            state.stopped = true
            let dropped = state.pending[state.head...].map(\.index)
            state.pending.removeAll()
            state.head = 0
            defer { state.waiters.removeAll() }
            return (dropped, state.waiters.map(\.continuation))
        }
        for waiter in waiters { waiter.resume(returning: nil) }
        return dropped
    }

    /// How many runs wait to be started.
    public var waitingCount: Int { state.withLock { $0.waiting } }

    /// How many runs were handed to workers so far.
    public var handedOutCount: Int { state.withLock { $0.handedOut } }

    /// Whether ``stop()`` was called.
    public var isStopped: Bool { state.withLock { $0.stopped } }
}
