/// What components and analysers see around a subrun: the network, the subrun about to run (or just
/// run), the coming subruns (which analysers may change) and the run's build (parameters, shared items,
/// results).
public final class SubrunContext {
    /// The run's build.
    public let build: NetworkBuild
    /// The network.
    public let network: Network
    /// The current subrun.
    public let current: Subrun
    /// The subruns still to come, in order. Remove them to end the run early, append to extend it.
    public var remaining: [Subrun]

    init(build: NetworkBuild, network: Network, current: Subrun, remaining: [Subrun]) {
        self.build = build
        self.network = network
        self.current = current
        self.remaining = remaining
    }

    /// Whether this subrun belongs to a pre-run.
    public var isPreRun: Bool { build.run == nil }

    /// The shared item `key` (see ``NetworkBuild/item(_:as:)``).
    public func item<T>(_ key: String, as type: T.Type = T.self) throws(NetworkError) -> T {
        try build.item(key, as: type)
    }

    /// Shares a value under `key`.
    public func setItem(_ value: Any, for key: String) { build.setItem(value, for: key) }
}
