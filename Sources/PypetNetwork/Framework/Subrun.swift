public import PypetCore

/// One phase of a run: the network is simulated for ``duration``; subruns run in increasing ``order``.
public struct Subrun: Sendable, Hashable {
    /// The parameter's name in the durations group (`initial_run`).
    public var name: String
    /// How long the network is simulated.
    public var duration: Quantity
    /// The position among the subruns (need not be consecutive).
    public var order: Int

    /// A subrun of `duration` at position `order`.
    public init(name: String, duration: Quantity, order: Int) {
        self.name = name
        self.duration = duration
        self.order = order
    }
}
