/// What ``Trajectory/merge(_:removeDuplicates:)`` did.
public struct MergeReport: Sendable, Hashable, Codable {
    /// The merged trajectory's name.
    public var otherName: String
    /// For every run of the other trajectory that was added: its old index and its new index here.
    public var renumbered: [Int: Int]
    /// The other trajectory's runs skipped as duplicates of points already here.
    public var skippedDuplicates: [Int]
    /// The number of runs before the merge.
    public var previousLength: Int
}
