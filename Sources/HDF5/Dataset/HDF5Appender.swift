internal import CHDF5

/// Buffers appends to an extendible dataset in memory and writes them a chunk at a time.
///
/// Appending one value per ``HDF5Dataset/append(_:)`` call costs a few microseconds of libhdf5
/// bookkeeping each (extend, select, write); an appender collects values until a chunk's worth of rows
/// is buffered and writes them in one call, which is what the chunked layout wants. Values are in the file
/// only after a write: call ``flush()`` (for example at a checkpoint) and before closing the file. A
/// buffer still holding values when the appender goes away is flushed then, on a best-effort basis.
public final class HDF5Appender<Element: HDF5Element> {
    /// The dataset appended to.
    public let dataset: HDF5Dataset
    /// How many rows are buffered before they are written.
    public let bufferRows: Int
    private let rowElements: Int
    private var buffer: [Element] = []

    /// Creates an appender for an extendible dataset whose element type `Element` can be stored without
    /// loss. `bufferRows` defaults to the dataset's chunk rows.
    public init(_ dataset: HDF5Dataset, bufferRows: Int? = nil) throws(HDF5Error) {
        let shape = try dataset.shape
        let options = try dataset.creationOptions
        let stored = try dataset.datatype
        let context = dataset.context
        guard !shape.isEmpty, (try dataset.maxShape).first.map({ $0 == nil }) ?? false else {
            throw context.error(.shapeMismatch, "appending needs a first axis of unlimited size", operation: "HDF5Appender")
        }
        guard Element.hdf5Codec.kind.canWrite(into: stored) else {
            throw context.error(
                .typeMismatch, "\(Element.hdf5Codec.kind.name) values cannot be stored into \(stored) without loss",
                operation: "HDF5Appender")
        }
        if let bufferRows, bufferRows < 1 {
            throw context.error(.invalidArgument, "bufferRows \(bufferRows) is below 1", operation: "HDF5Appender")
        }
        try dataset.file.ensureWritable(context, "HDF5Appender")
        self.dataset = dataset
        self.rowElements = Dataspace.count(Array(shape.dropFirst()))
        self.bufferRows = bufferRows ?? options.chunkShape?.first ?? 1024
        buffer.reserveCapacity(self.bufferRows * rowElements)
    }

    deinit {
        try? flush()
    }

    /// The number of buffered values not yet written.
    public var pendingCount: Int { buffer.count }

    /// Buffers whole rows (`values.count` must be a multiple of the elements per row), writing once a
    /// buffer's worth has accumulated.
    public func append(_ values: [Element]) throws(HDF5Error) {
        guard rowElements > 0, values.count % rowElements == 0 else {
            throw dataset.context.error(
                .shapeMismatch, "\(values.count) values do not fill whole rows of \(rowElements) elements",
                operation: "HDF5Appender.append")
        }
        buffer.append(contentsOf: values)
        if buffer.count >= bufferRows * rowElements {
            try flush()
        }
    }

    /// Buffers one value of a one-dimensional dataset.
    public func append(_ value: Element) throws(HDF5Error) {
        try append([value])
    }

    /// Writes every buffered value.
    public func flush() throws(HDF5Error) {
        guard !buffer.isEmpty else { return }
        try dataset.append(buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}
