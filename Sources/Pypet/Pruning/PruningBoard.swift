import Synchronization

/// The current pruning plan of an asynchronous-mode run call, replaced by the run loop as runs finish and
/// read by the workers whenever they make a run's request.
final class PruningBoard: Sendable {
    private let current = Mutex<PruningPlan?>(nil)
    private static let counter = Atomic<Int>(0)

    /// A fresh plan identifier (unique in the process, so workers never mistake one plan for another).
    static func nextID() -> Int {
        counter.add(1, ordering: .relaxed).newValue
    }

    var plan: PruningPlan? { current.withLock { $0 } }

    func replace(_ plan: PruningPlan) {
        current.withLock { $0 = plan }
    }
}
