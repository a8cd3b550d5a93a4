/// Which runs completed, failed or are missing, read from the final file, the sealed parts and the
/// journal alone.
public struct RunStatusReport: Sendable, Hashable {
    /// The number of explored runs known from the final file and the parts (nil when neither says).
    public var length: Int?
    /// Runs that completed, in index order.
    public var completed: [Int]
    /// Runs that failed, with their messages.
    public var failed: [Int: String]
    /// Completed runs a pruner stopped early, with the step (a subset of ``completed``).
    public var pruned: [Int: Int] = [:]
    /// Sealed part files waiting to be merged.
    public var parts: Int
    /// Valid records in the journal.
    public var journalRecords: Int
    /// Bytes of a torn journal tail (cut off on recovery).
    public var tornJournalBytes: Int
    /// Full names of the trajectory's own leaves (such as generation records) committed to the parts and
    /// the journal but not merged into the file yet.
    public var pendingTrajectoryLeaves: [String] = []

    /// Runs below ``length`` that neither completed nor failed.
    public var missing: [Int] {
        guard let length, length > 0 else { return [] }
        var done = [Bool](repeating: false, count: length)
        for index in completed where index >= 0 && index < length { done[index] = true }
        for index in failed.keys where index >= 0 && index < length { done[index] = true }
        return done.indices.filter { !done[$0] }
    }

    /// Whether every run completed and nothing waits to be merged.
    public var isFinished: Bool {
        length != nil && missing.isEmpty && failed.isEmpty && parts == 0 && journalRecords == 0
    }
}
