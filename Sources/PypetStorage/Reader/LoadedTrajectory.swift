public import PypetCore

/// A loaded trajectory and the items that could not be decoded (each with its name), which were skipped.
public struct LoadedTrajectory {
    /// The trajectory, with everything that could be decoded.
    public let trajectory: Trajectory
    /// One error per item that could not be decoded (damaged, or of a type swift-pypet cannot represent),
    /// naming the item and the cause; everything else loaded.
    public let failures: [StorageError]
}
