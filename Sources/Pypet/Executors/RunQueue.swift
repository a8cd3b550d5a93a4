import Synchronization

/// The runs waiting to be started, shared by the environment (which submits) and an executor's workers
/// (which take). Thread-safe; workers wait without blocking a thread.
///
/// ``finish()`` says no more runs will come (waiting workers get nil); ``stop()`` drops what waits and
/// hands out nothing more (a graceful exit).
public final class RunQueue: Sendable {
    /// Runs submitted together, waiting in order from `next`.
    private enum Segment {
        case requests([RunRequest], next: Int)
        case batch(RunBatch, next: Int)

        var remaining: Int {
            switch self {
            case .requests(let requests, let next): requests.count - next
            case .batch(let batch, let next): batch.indices.count - next
            }
        }

        var remainingIndices: [Int] {
            switch self {
            case .requests(let requests, let next): requests[next...].map(\.index)
            case .batch(let batch, let next): Array(batch.indices[next...])
            }
        }
    }

    /// A run taken from the queue; a batch's request is made by the taker, outside the lock.
    private enum Item {
        case request(RunRequest)
        case batch(RunBatch, Int)

        func make() -> RunRequest {
            switch self {
            case .request(let request): request
            case .batch(let batch, let position): batch.request(at: position)
            }
        }
    }

    private struct State {
        var segments: [Segment] = []
        var waiting = 0
        var waiters: [(id: Int, continuation: CheckedContinuation<RunRequest?, Never>)] = []
        var nextWaiter = 0
        var finished = false
        var stopped = false
        var handedOut = 0

        /// Takes the next waiting run, if any.
        mutating func take() -> Item? {
            guard waiting > 0, let first = segments.first else { return nil }
            waiting -= 1
            handedOut += 1
            let item: Item
            switch first {
            case .requests(let requests, let next):
                item = .request(requests[next])
                segments[0] = .requests(requests, next: next + 1)
            case .batch(let batch, let next):
                item = .batch(batch, next)
                segments[0] = .batch(batch, next: next + 1)
            }
            if segments[0].remaining == 0 { segments.removeFirst() }
            return item
        }

        /// Adds a segment, handing its first runs to waiting workers.
        mutating func add(_ segment: Segment, count: Int) -> [(CheckedContinuation<RunRequest?, Never>, Item)] {
            guard count > 0 else { return [] }
            segments.append(segment)
            waiting += count
            var resumed: [(CheckedContinuation<RunRequest?, Never>, Item)] = []
            while !waiters.isEmpty, let item = take() {
                resumed.append((waiters.removeFirst().continuation, item))
            }
            return resumed
        }
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
        submit(.requests(requests, next: 0), count: requests.count)
    }

    /// Adds the runs of `batch`, in order; each request is made when a worker takes it (so the workers, not
    /// the submitter, pay for it). Returns false once the queue was stopped or finished.
    @discardableResult
    func submit(_ batch: RunBatch) -> Bool {
        submit(.batch(batch, next: 0), count: batch.indices.count)
    }

    private func submit(_ segment: Segment, count: Int) -> Bool {
        let outcome = state.withLock { state -> (resumed: [(CheckedContinuation<RunRequest?, Never>, Item)], drained: Bool)? in
            guard !state.stopped, !state.finished else { return nil }
            let resumed = state.add(segment, count: count)
            return (resumed, !resumed.isEmpty && state.waiting == 0)
        }
        guard let outcome else { return false }
        for (continuation, item) in outcome.resumed { continuation.resume(returning: item.make()) }
        if outcome.drained { onDrained() }
        return true
    }

    /// The next run to start, waiting for one if none waits; nil once the queue is finished (or stopped)
    /// and empty, or when the calling task is cancelled.
    public func next() async -> RunRequest? {
        enum Taken { case item(Item, drained: Bool), end, wait }
        let taken = state.withLock { state -> Taken in
            if state.stopped { return .end }
            if let item = state.take() { return .item(item, drained: state.waiting == 0) }
            return state.finished ? .end : .wait
        }
        switch taken {
        case .item(let item, let drained):
            if drained { onDrained() }
            return item.make()
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
                        if let item = state.take() { return .item(item, drained: state.waiting == 0) }
                        if state.finished { return .end }
                        state.waiters.append((id, continuation))
                        return .wait
                    }
                    switch immediate {
                    case .item(let item, let drained):
                        continuation.resume(returning: item.make())
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
            let dropped = state.segments.flatMap(\.remainingIndices)
            state.segments.removeAll()
            state.waiting = 0
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
