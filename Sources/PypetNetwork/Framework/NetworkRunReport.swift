public import PypetCore

/// What ``NetworkManager/runNetwork(_:)`` returns for a run: the subruns simulated, the simulated time,
/// and the numbers components reported (``NetworkBuild/report(_:_:)``).
public struct NetworkRunReport: Sendable, Hashable {
    /// The names of the subruns simulated, in order.
    public var subruns: [String]
    /// The network's time at the end.
    public var time: Quantity
    /// Reported numbers by name.
    public var values: [String: Double]

    /// A report of `subruns` ending at `time` with the reported `values`.
    public init(subruns: [String], time: Quantity, values: [String: Double]) {
        self.subruns = subruns
        self.time = time
        self.values = values
    }
}
