internal import CHDF5

/// The dataspace and creation property list of a new dataset, validated from its shape and options.
struct CreationPlan {
    let space: TypeRef
    let properties: TypeRef
    let chunkShape: [Int]?

    /// The size an automatic chunk aims at.
    static let targetChunkBytes = 64 * 1024

    init(shape: [Int], options: HDF5DatasetOptions, elementSize: Int, context: ErrorContext, operation: String)
        throws(HDF5Error)
    {
        func invalid(_ message: String) -> HDF5Error {
            context.error(.invalidArgument, message, operation: operation)
        }
        guard shape.allSatisfy({ $0 >= 0 }) else { throw invalid("negative dimension in shape \(shape)") }
        var maxShape = options.maxShape
        if options.extendibleRows != nil {
            guard !shape.isEmpty else { throw invalid("a scalar dataset cannot be extendible") }
            maxShape = [nil] + shape.dropFirst().map { Optional($0) }
        }
        if let maxShape {
            guard maxShape.count == shape.count else {
                throw invalid("maximum shape \(maxShape) has another rank than shape \(shape)")
            }
            for (current, maximum) in zip(shape, maxShape) where maximum.map({ $0 < current }) ?? false {
                throw invalid("maximum shape \(maxShape) is smaller than shape \(shape)")
            }
        }
        if let level = options.deflate, !(0...9).contains(level) {
            throw invalid("deflate level \(level) is not in 0...9")
        }
        let growable = maxShape.map { zip($0, shape).contains { $0.0 != $0.1 } } ?? false
        let needsChunks = options.hasFilters || growable
        var chunk = options.chunkShape
        if let given = chunk {
            guard given.count == shape.count, given.allSatisfy({ $0 > 0 }) else {
                throw invalid("chunk shape \(given) must have rank \(shape.count) and positive dimensions")
            }
        } else if needsChunks {
            guard !shape.isEmpty else { throw invalid("a scalar dataset cannot be chunked or filtered") }
            let rowElements = shape.dropFirst().reduce(1) { $0 * max(1, $1) }
            let rowBytes = max(1, rowElements * elementSize)
            var rows = max(1, Self.targetChunkBytes / rowBytes)
            if let requested = options.extendibleRows, requested > 0 {
                rows = requested
            } else if !Self.firstAxisGrows(shape: shape, maxShape: maxShape) {
                rows = min(rows, max(1, shape[0]))
            }
            chunk = [rows] + shape.dropFirst().map { max(1, $0) }
        }
        if chunk != nil, shape.isEmpty { throw invalid("a scalar dataset cannot be chunked") }

        chunkShape = chunk
        if shape.isEmpty, let scalar = TypeCache.scalarSpace() {
            space = .predefined(scalar)
        } else {
            space = .owned(try Dataspace.create(shape: shape, maxShape: maxShape, context: context))
        }
        guard chunk != nil else {
            properties = .predefined(chdf5_P_DEFAULT())
            return
        }
        let list = try context.handle(H5Pcreate(chdf5_P_DATASET_CREATE()), .propertyList, "H5Pcreate")
        properties = .owned(list)
        if let chunk {
            let dims = chunk.map { hsize_t($0) }
            try context.check(H5Pset_chunk(list.id, Int32(dims.count), dims), "H5Pset_chunk")
            if options.fletcher32 { try context.check(H5Pset_fletcher32(list.id), "H5Pset_fletcher32") }
            if options.shuffle { try context.check(H5Pset_shuffle(list.id), "H5Pset_shuffle") }
            if let level = options.deflate {
                try context.check(H5Pset_deflate(list.id, UInt32(level)), "H5Pset_deflate")
            }
        }
    }

    private static func firstAxisGrows(shape: [Int], maxShape: [Int?]?) -> Bool {
        guard let maxShape, let first = maxShape.first, let current = shape.first else { return false }
        guard let first else { return true }
        return first > current
    }

    /// Reads back the layout and filters of an existing dataset.
    static func options(of dataset: hid_t, maxShape: [Int?], context: ErrorContext) throws(HDF5Error) -> HDF5DatasetOptions {
        let properties = try context.handle(H5Dget_create_plist(dataset), .propertyList, "H5Dget_create_plist")
        var options = HDF5DatasetOptions(maxShape: maxShape)
        guard H5Pget_layout(properties.id) == H5D_CHUNKED else { return options }
        var dims = [hsize_t](repeating: 0, count: 32)
        let rank = H5Pget_chunk(properties.id, 32, &dims)
        guard rank >= 0 else { throw HDF5Error.library("H5Pget_chunk", file: context.file, path: context.path) }
        options.chunkShape = dims.prefix(Int(rank)).map { Int($0) }
        let filters = H5Pget_nfilters(properties.id)
        for index in 0..<max(0, filters) {
            var flags: UInt32 = 0
            var count = 8
            var values = [UInt32](repeating: 0, count: 8)
            var name = [CChar](repeating: 0, count: 64)
            var config: UInt32 = 0
            let filter = H5Pget_filter2(properties.id, UInt32(index), &flags, &count, &values, name.count, &name, &config)
            switch filter {
            case H5Z_FILTER_DEFLATE: options.deflate = Int(count > 0 ? values[0] : 0)
            case H5Z_FILTER_SHUFFLE: options.shuffle = true
            case H5Z_FILTER_FLETCHER32: options.fletcher32 = true
            default: break
            }
        }
        return options
    }
}
