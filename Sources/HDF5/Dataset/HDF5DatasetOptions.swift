/// How a new dataset (or table) is laid out and filtered in the file.
///
/// Filters (deflate, shuffle, Fletcher-32) and unlimited dimensions need a chunked layout; when they are
/// asked for and ``chunkShape`` is nil, a chunk shape of about 64 KiB is chosen.
public struct HDF5DatasetOptions: Sendable, Hashable {
    /// The chunk shape, or nil for contiguous storage (or an automatic chunk shape when needed).
    public var chunkShape: [Int]?
    /// The maximum shape; `nil` entries are unlimited. Nil means the initial shape is the maximum.
    public var maxShape: [Int?]?
    /// The deflate (gzip) level 0...9, or nil for no compression.
    public var deflate: Int?
    /// Whether the shuffle filter runs before deflate (helps numbers compress).
    public var shuffle: Bool
    /// Whether a Fletcher-32 checksum is stored per chunk.
    public var fletcher32: Bool

    /// Creates options. The defaults give a contiguous, unfiltered, fixed-size dataset.
    public init(
        chunkShape: [Int]? = nil, maxShape: [Int?]? = nil, deflate: Int? = nil, shuffle: Bool = false,
        fletcher32: Bool = false
    ) {
        self.chunkShape = chunkShape
        self.maxShape = maxShape
        self.deflate = deflate
        self.shuffle = shuffle
        self.fletcher32 = fletcher32
    }

    /// Options for a dataset that grows along its first axis (``HDF5Dataset/append(_:)``): the first
    /// dimension is unlimited, the others fixed.
    public static func extendible(
        chunkRows: Int? = nil, deflate: Int? = nil, shuffle: Bool = false, fletcher32: Bool = false
    ) -> HDF5DatasetOptions {
        var options = HDF5DatasetOptions(deflate: deflate, shuffle: shuffle, fletcher32: fletcher32)
        options.extendibleRows = chunkRows ?? 0
        return options
    }

    /// Set by ``extendible(chunkRows:deflate:shuffle:fletcher32:)``: the first axis is unlimited; a
    /// positive value is the chunk's row count.
    var extendibleRows: Int? = nil

    /// Whether any filter is requested.
    var hasFilters: Bool { deflate != nil || shuffle || fletcher32 }
}
