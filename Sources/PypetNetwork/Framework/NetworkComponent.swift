public import PypetCore

/// A pluggable part of a network simulation: a neuron group, a set of connections, a recording, a
/// plasticity rule. A ``NetworkManager`` calls the methods of its components in the order it was given.
///
/// Every method has a default that does nothing, so a component implements only what it needs.
/// Components are shared by all runs (possibly at once, on several cores), so they keep no per-run
/// state in themselves: what a run builds goes into the ``NetworkBuild`` (its element list and its
/// shared items).
public protocol NetworkComponent: Sendable {
    /// Adds the parameters the component needs to the trajectory.
    func addParameters(to trajectory: Trajectory) throws
    /// Builds elements that do not change between runs, once, before the runs (and before a pre-run).
    func preBuild(_ build: NetworkBuild) throws
    /// Builds the elements of one run, before its network is made.
    func build(_ build: NetworkBuild) throws
    /// Adds elements to the network just before a subrun (e.g. a monitor only for the measurement).
    func addToNetwork(_ subrun: SubrunContext) throws
    /// Removes elements after a subrun (after the analysers have analysed it).
    func removeFromNetwork(_ subrun: SubrunContext) throws
}

extension NetworkComponent {
    public func addParameters(to trajectory: Trajectory) throws {}
    public func preBuild(_ build: NetworkBuild) throws {}
    public func build(_ build: NetworkBuild) throws {}
    public func addToNetwork(_ subrun: SubrunContext) throws {}
    public func removeFromNetwork(_ subrun: SubrunContext) throws {}
}
