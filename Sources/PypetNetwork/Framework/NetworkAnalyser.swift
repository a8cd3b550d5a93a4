/// A component that also analyses the network after every subrun: stores monitor data as results,
/// computes statistics, or changes the coming subruns (``SubrunContext/remaining``), for instance to
/// stop a run whose activity exploded after its first subrun.
public protocol NetworkAnalyser: NetworkComponent {
    /// Analyses the subrun that just ended.
    func analyse(_ subrun: SubrunContext) throws
}

extension NetworkAnalyser {
    public func analyse(_ subrun: SubrunContext) throws {}
}
