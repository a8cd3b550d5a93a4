/// How the storage service writes files. Recorded in the file under `config/hdf5` and `overview/hdf5_settings`.
public struct StorageOptions: Sendable, Hashable {
    /// The deflate level 0...9 of result arrays and tables, or nil for no compression (the default:
    /// pypet's small per-run items gain nothing from it).
    public var deflate: Int?
    /// Whether the shuffle filter runs before deflate.
    public var shuffle: Bool
    /// Whether chunks carry Fletcher-32 checksums.
    public var fletcher32: Bool
    /// How runs' results are kept when runs are merged into the file (``RunLayout``): pypet's per-run
    /// groups (the default) or columns only, for large sweeps.
    public var runLayout: RunLayout

    /// Creates options.
    public init(deflate: Int? = nil, shuffle: Bool = false, fletcher32: Bool = false, runLayout: RunLayout = .pypet) {
        self.deflate = deflate
        self.shuffle = shuffle
        self.fletcher32 = fletcher32
        self.runLayout = runLayout
    }
}

/// What storing does with items that the file already holds.
public enum StoreMode: Sendable, Hashable {
    /// Leave existing nodes alone entirely (new nodes, explored rows and run rows are still added).
    case skipExisting
    /// Add what is new (nodes, result items, explored rows, runs); never overwrite. The default.
    case addNew
    /// Replace existing nodes with what is in memory.
    case overwrite
}
