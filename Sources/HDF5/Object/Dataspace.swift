internal import CHDF5

/// Dataspace helpers.
enum Dataspace {
    /// A simple dataspace of `shape` (scalar when `shape` is empty), optionally with a maximum shape
    /// (`nil` entries unlimited).
    static func create(shape: [Int], maxShape: [Int?]? = nil, context: ErrorContext) throws(HDF5Error) -> Handle {
        if shape.isEmpty {
            return try context.handle(H5Screate(H5S_SCALAR), .dataspace, "H5Screate")
        }
        let dims = shape.map { hsize_t($0) }
        if let maxShape {
            let unlimited = chdf5_S_UNLIMITED()
            let maxDims = maxShape.map { $0.map { hsize_t($0) } ?? unlimited }
            return try context.handle(H5Screate_simple(Int32(dims.count), dims, maxDims), .dataspace, "H5Screate_simple")
        }
        return try context.handle(H5Screate_simple(Int32(dims.count), dims, nil), .dataspace, "H5Screate_simple")
    }

    /// The current and maximum shape of a dataspace (`nil` maximum entries are unlimited).
    static func extent(_ space: hid_t, context: ErrorContext) throws(HDF5Error) -> (shape: [Int], maxShape: [Int?]) {
        let rank = H5Sget_simple_extent_ndims(space)
        guard rank >= 0 else { throw HDF5Error.library("H5Sget_simple_extent_ndims", file: context.file, path: context.path) }
        if rank == 0 {
            // Scalar, or the null dataspace (no elements).
            let isNull = H5Sget_simple_extent_type(space) == H5S_NULL
            return (isNull ? [0] : [], isNull ? [0] : [])
        }
        var dims = [hsize_t](repeating: 0, count: Int(rank))
        var maxDims = [hsize_t](repeating: 0, count: Int(rank))
        guard H5Sget_simple_extent_dims(space, &dims, &maxDims) >= 0 else {
            throw HDF5Error.library("H5Sget_simple_extent_dims", file: context.file, path: context.path)
        }
        let unlimited = chdf5_S_UNLIMITED()
        return (dims.map { Int($0) }, maxDims.map { $0 == unlimited ? nil : Int($0) })
    }

    /// The number of elements of `shape` (1 for a scalar).
    static func count(_ shape: [Int]) -> Int { shape.reduce(1, *) }
}
