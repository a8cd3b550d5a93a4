internal import CHDF5

extension HDF5Group {
    /// Creates a dataset of `shape` for elements of type `T` (`H5Dcreate2`), filled with zeros.
    /// Intermediate groups of `path` are created; an existing object throws
    /// ``HDF5Error/Code/alreadyExists``.
    @discardableResult
    public func createDataset<T: HDF5Element>(
        _ path: String, of type: T.Type, shape: [Int], options: HDF5DatasetOptions = .init()
    ) throws(HDF5Error) -> HDF5Dataset {
        try perform("H5Dcreate2", writing: true) { (context) throws(HDF5Error) -> HDF5Dataset in
            let kind = T.hdf5Codec.kind
            let fileType = try kind.fileType(context: context)
            return try makeDataset(path, fileType: fileType.id, shape: shape, options: options, context: context)
        }
    }

    /// Creates a dataset holding `values` (one-dimensional unless `shape` is given; `[]` for a scalar).
    @discardableResult
    public func createDataset<T: HDF5Element>(
        _ path: String, values: [T], shape: [Int]? = nil, options: HDF5DatasetOptions = .init()
    ) throws(HDF5Error) -> HDF5Dataset {
        let shape = shape ?? [values.count]
        guard Dataspace.count(shape) == values.count else {
            throw context.error(
                .shapeMismatch, "\(values.count) values do not fill shape \(shape)", operation: "H5Dcreate2")
        }
        return try perform("H5Dcreate2", writing: true) { (context) throws(HDF5Error) -> HDF5Dataset in
            let codec = T.hdf5Codec
            let fileType = try codec.kind.fileType(context: context)
            let dataset = try makeDataset(path, fileType: fileType.id, shape: shape, options: options, context: context)
            guard !values.isEmpty else { return dataset }
            // The type was just chosen for `T`: write without inspecting it again.
            let memoryType = try codec.kind.memoryTypeForWriting(context: context)
            let ok = codec.withBytes(values) { buffer in
                H5Dwrite(
                    dataset.handle.id, memoryType.id, chdf5_S_ALL(), chdf5_S_ALL(),
                    TypeCache.transferList(elements: values.count, memoryType: memoryType.id, fileType: fileType.id), buffer) >= 0
            }
            guard ok else { throw HDF5Error.library("H5Dwrite", file: context.file, path: dataset.path) }
            return dataset
        }
    }

    /// Creates a string dataset of `shape`.
    /// - Parameters:
    ///   - length: The fixed length in UTF-8 bytes (at least 1); nil for variable-length strings.
    ///   - encoding: The character set tag; UTF-8 by default.
    @discardableResult
    public func createStringDataset(
        _ path: String, length: Int?, shape: [Int], encoding: HDF5StringEncoding = .utf8,
        options: HDF5DatasetOptions = .init()
    ) throws(HDF5Error) -> HDF5Dataset {
        try perform("H5Dcreate2", writing: true) { (context) throws(HDF5Error) -> HDF5Dataset in
            let type: Handle
            if let length {
                guard length >= 1 else {
                    throw context.error(.invalidArgument, "string length \(length) is below 1", operation: "H5Dcreate2")
                }
                type = try TypeBuilder.fixedString(length: length, encoding: encoding, context: context)
            } else {
                type = try TypeBuilder.variableString(encoding: encoding, context: context)
            }
            return try makeDataset(path, fileType: type.id, shape: shape, options: options, context: context)
        }
    }

    /// Creates a fixed-length UTF-8 string dataset holding `values`; the length is the longest string's
    /// UTF-8 byte count (at least 1) unless `length` is given.
    @discardableResult
    public func createStringDataset(
        _ path: String, values: [String], shape: [Int]? = nil, length: Int? = nil,
        options: HDF5DatasetOptions = .init()
    ) throws(HDF5Error) -> HDF5Dataset {
        let shape = shape ?? [values.count]
        guard Dataspace.count(shape) == values.count else {
            throw context.error(
                .shapeMismatch, "\(values.count) strings do not fill shape \(shape)", operation: "H5Dcreate2")
        }
        let dataset = try createStringDataset(
            path, length: length ?? StringCoding.fixedLength(for: values), shape: shape, options: options)
        try dataset.writeStrings(values)
        return dataset
    }

    /// Opens an existing dataset (`H5Dopen2`). A missing path throws ``HDF5Error/Code/notFound``; a group
    /// throws ``HDF5Error/Code/typeMismatch``.
    public func openDataset(_ path: String) throws(HDF5Error) -> HDF5Dataset {
        try perform("H5Dopen2") { (context) throws(HDF5Error) -> HDF5Dataset in
            let id = try open(path, is: H5I_DATASET, "dataset", context, "H5Dopen2") { H5Dopen2(handle.id, path, chdf5_P_DEFAULT()) }
            return HDF5Dataset(handle: Handle(id, .dataset, file: file), file: file, path: childPath(path))
        }
    }

    func makeDataset(
        _ path: String, fileType: hid_t, shape: [Int], options: HDF5DatasetOptions, context: ErrorContext
    ) throws(HDF5Error) -> HDF5Dataset {
        try validate(path, context, "H5Dcreate2")
        let plan = try CreationPlan(
            shape: shape, options: options, elementSize: H5Tget_size(fileType), context: context, operation: "H5Dcreate2")
        let id = H5Dcreate2(
            handle.id, path, fileType, plan.space.id, try Self.intermediateGroupList(context), plan.properties.id,
            chdf5_P_DEFAULT())
        if id < 0 { try diagnoseFailedCreation(path, context, "H5Dcreate2") }
        let dataset = try context.handle(id, .dataset, "H5Dcreate2", owner: file)
        return HDF5Dataset(handle: dataset, file: file, path: childPath(path))
    }
}
