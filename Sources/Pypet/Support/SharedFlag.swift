import Synchronization

/// A flag that tasks set and read from anywhere.
final class SharedFlag: Sendable {
    private let state = Atomic<Bool>(false)

    var isSet: Bool { state.load(ordering: .acquiring) }

    func set() { state.store(true, ordering: .releasing) }
}
