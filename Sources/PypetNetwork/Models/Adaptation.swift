public import PypetCore

/// Spike-triggered adaptation: a hyperpolarising current that grows by ``increment`` at every spike and
/// decays exponentially with ``decay`` (spike-frequency adaptation).
public struct Adaptation: Sendable, Hashable {
    /// The current added at every spike (`pA`).
    public var increment: Quantity
    /// The decay time constant (`ms`).
    public var decay: Quantity

    /// An adaptation current of `increment` per spike decaying with `decay`.
    public init(increment: Quantity, decay: Quantity) {
        self.increment = increment
        self.decay = decay
    }
}
