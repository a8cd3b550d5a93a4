internal import CHDF5

/// An N-dimensional dataset of numbers, booleans, complex numbers or strings.
///
/// Values travel as flat arrays in row-major (C) order together with a shape. Reads check that the
/// stored type can be read as the requested Swift type without loss (an `int32` dataset reads as
/// `Int64`; a `float64` dataset does not read as `Int64` or `Float`) and throw
/// ``HDF5Error/Code/typeMismatch`` otherwise.
public final class HDF5Dataset: HDF5Object {
    override init(handle: Handle, file: HDF5File, path: String) {
        super.init(handle: handle, file: file, path: path)
    }

    // MARK: Description

    /// The current shape (`[]` for a scalar dataset).
    public var shape: [Int] {
        get throws(HDF5Error) { try extent().shape }
    }

    /// The maximum shape; `nil` entries are unlimited.
    public var maxShape: [Int?] {
        get throws(HDF5Error) { try extent().maxShape }
    }

    /// The number of elements.
    public var count: Int {
        get throws(HDF5Error) { Dataspace.count(try shape) }
    }

    /// The stored element type.
    public var datatype: HDF5Datatype {
        get throws(HDF5Error) {
            try perform("H5Dget_type") { (context) throws(HDF5Error) -> HDF5Datatype in
                let type = try context.handle(H5Dget_type(handle.id), .datatype, "H5Dget_type")
                return try TypeBuilder.describe(type.id, context: context)
            }
        }
    }

    /// The layout and filters the dataset was created with (chunk shape, maximum shape, deflate level,
    /// shuffle, Fletcher-32).
    public var creationOptions: HDF5DatasetOptions {
        get throws(HDF5Error) {
            let maxShape = try maxShape
            return try perform("H5Dget_create_plist") { (context) throws(HDF5Error) -> HDF5DatasetOptions in
                try CreationPlan.options(of: handle.id, maxShape: maxShape, context: context)
            }
        }
    }

    // MARK: Numbers, booleans, complex numbers

    /// Reads every element (`H5Dread`).
    public func read<T: HDF5Element>(as type: T.Type = T.self) throws(HDF5Error) -> [T] {
        try read(as: type, selection: nil)
    }

    /// Reads the block of `count` elements per dimension starting at `offset` (a hyperslab).
    public func read<T: HDF5Element>(as type: T.Type = T.self, offset: [Int], count: [Int]) throws(HDF5Error) -> [T] {
        try read(as: type, selection: Selection(offset: offset, count: count))
    }

    /// Reads the rows `rows` along the first axis (all of every other axis).
    public func readRows<T: HDF5Element>(_ rows: Range<Int>, as type: T.Type = T.self) throws(HDF5Error) -> [T] {
        try read(as: type, selection: try rowSelection(rows))
    }

    /// Overwrites every element (`H5Dwrite`); `values.count` must equal ``count``.
    public func write<T: HDF5Element>(_ values: [T]) throws(HDF5Error) {
        try write(values, selection: nil)
    }

    /// Overwrites the block of `count` elements per dimension starting at `offset`.
    public func write<T: HDF5Element>(_ values: [T], offset: [Int], count: [Int]) throws(HDF5Error) {
        try write(values, selection: Selection(offset: offset, count: count))
    }

    /// Appends rows along the first axis: extends the dataset (`H5Dset_extent`) and writes `values`,
    /// whose count must be a multiple of the elements per row. The dataset must have been created
    /// extendible (see ``HDF5DatasetOptions/extendible(chunkRows:deflate:shuffle:fletcher32:)``).
    public func append<T: HDF5Element>(_ values: [T]) throws(HDF5Error) {
        guard !values.isEmpty else { return }
        let selection = try grow(by: values.count, operation: "append")
        try write(values, selection: selection)
    }

    /// Changes the current shape (`H5Dset_extent`) within the maximum shape; new elements hold the fill
    /// value (zero).
    public func resize(to newShape: [Int]) throws(HDF5Error) {
        try perform("H5Dset_extent", writing: true) { (context) throws(HDF5Error) in
            let (shape, maxShape) = try extent()
            guard newShape.count == shape.count else {
                throw context.error(.shapeMismatch, "shape \(newShape) has another rank than \(shape)", operation: "H5Dset_extent")
            }
            for (size, maximum) in zip(newShape, maxShape) where size < 0 || maximum.map({ size > $0 }) ?? false {
                throw context.error(.shapeMismatch, "shape \(newShape) exceeds the maximum shape \(maxShape)", operation: "H5Dset_extent")
            }
            let dims = newShape.map { hsize_t($0) }
            try context.check(H5Dset_extent(handle.id, dims), "H5Dset_extent")
        }
    }

    // MARK: Strings

    /// Reads every element of a string dataset (fixed or variable length, ASCII or UTF-8).
    public func readStrings() throws(HDF5Error) -> [String] {
        try readStrings(selection: nil)
    }

    /// Reads a block of a string dataset.
    public func readStrings(offset: [Int], count: [Int]) throws(HDF5Error) -> [String] {
        try readStrings(selection: Selection(offset: offset, count: count))
    }

    /// Overwrites every element of a string dataset. For fixed-length datasets every string must fit:
    /// its UTF-8 bytes within the stored length (shorter strings are NUL-padded), or
    /// ``HDF5Error/Code/invalidArgument`` is thrown (strings are never silently cut).
    public func writeStrings(_ values: [String]) throws(HDF5Error) {
        try writeStrings(values, selection: nil)
    }

    /// Appends strings as rows along the first axis of an extendible string dataset.
    public func appendStrings(_ values: [String]) throws(HDF5Error) {
        guard !values.isEmpty else { return }
        let selection = try grow(by: values.count, operation: "appendStrings")
        try writeStrings(values, selection: selection)
    }

    // MARK: Internal

    struct Selection {
        var offset: [Int]
        var count: [Int]
    }

    func extent() throws(HDF5Error) -> (shape: [Int], maxShape: [Int?]) {
        try perform("H5Dget_space") { (context) throws(HDF5Error) -> ([Int], [Int?]) in
            let space = try context.handle(H5Dget_space(handle.id), .dataspace, "H5Dget_space")
            return try Dataspace.extent(space.id, context: context)
        }
    }

    func rowSelection(_ rows: Range<Int>) throws(HDF5Error) -> Selection {
        let shape = try shape
        guard !shape.isEmpty else {
            throw context.error(.shapeMismatch, "a scalar dataset has no rows", operation: "readRows")
        }
        return Selection(offset: [rows.lowerBound] + Array(repeating: 0, count: shape.count - 1),
                         count: [rows.count] + shape.dropFirst())
    }

    /// Extends the first axis to hold `elements` more elements and returns the selection of the new rows.
    func grow(by elements: Int, operation: String) throws(HDF5Error) -> Selection {
        try perform("H5Dset_extent", writing: true) { (context) throws(HDF5Error) -> Selection in
            let (shape, maxShape) = try extent()
            guard let rows = shape.first else {
                throw context.error(.shapeMismatch, "a scalar dataset cannot grow", operation: operation)
            }
            let rowElements = Dataspace.count(Array(shape.dropFirst()))
            guard rowElements > 0, elements % rowElements == 0 else {
                throw context.error(
                    .shapeMismatch, "\(elements) values do not fill whole rows of \(rowElements) elements",
                    operation: operation)
            }
            let newRows = elements / rowElements
            if let limit = maxShape.first ?? nil, rows + newRows > limit {
                throw context.error(
                    .shapeMismatch, "\(rows + newRows) rows exceed the maximum of \(limit); create the dataset extendible",
                    operation: operation)
            }
            var newShape = shape
            newShape[0] = rows + newRows
            try context.check(H5Dset_extent(handle.id, newShape.map { hsize_t($0) }), "H5Dset_extent")
            return Selection(offset: [rows] + Array(repeating: 0, count: shape.count - 1),
                             count: [newRows] + shape.dropFirst())
        }
    }

    /// Runs `body` with the memory space, file space and element count of `selection` (everything when nil).
    func withSpaces<R>(
        _ selection: Selection?, _ operation: String, _ context: ErrorContext,
        _ body: (_ memory: hid_t, _ file: hid_t, _ elements: Int) throws(HDF5Error) -> R
    ) throws(HDF5Error) -> R {
        let space = try context.handle(H5Dget_space(handle.id), .dataspace, "H5Dget_space")
        let (shape, _) = try Dataspace.extent(space.id, context: context)
        guard let selection else {
            return try body(chdf5_S_ALL(), space.id, Dataspace.count(shape))
        }
        guard selection.offset.count == shape.count, selection.count.count == shape.count,
            !shape.isEmpty,
            zip(selection.offset, zip(selection.count, shape)).allSatisfy({ offset, pair in
                offset >= 0 && pair.0 >= 0 && offset + pair.0 <= pair.1
            })
        else {
            throw context.error(
                .shapeMismatch,
                "selection at \(selection.offset) of \(selection.count) does not fit shape \(shape)",
                operation: operation)
        }
        let elements = Dataspace.count(selection.count)
        let start = selection.offset.map { hsize_t($0) }
        let count = selection.count.map { hsize_t($0) }
        try context.check(H5Sselect_hyperslab(space.id, H5S_SELECT_SET, start, nil, count, nil), "H5Sselect_hyperslab")
        let memory = try Dataspace.create(shape: selection.count, context: context)
        return try body(memory.id, space.id, elements)
    }

    private func storedType(_ context: ErrorContext) throws(HDF5Error) -> (Handle, HDF5Datatype) {
        let type = try context.handle(H5Dget_type(handle.id), .datatype, "H5Dget_type")
        return (type, try TypeBuilder.describe(type.id, context: context))
    }

    private func read<T: HDF5Element>(as _: T.Type, selection: Selection?) throws(HDF5Error) -> [T] {
        try perform("H5Dread") { (context) throws(HDF5Error) -> [T] in
            let codec = T.hdf5Codec
            let (type, stored) = try storedType(context)
            let memoryType = try codec.kind.memoryTypeForReading(
                fileType: type.id, stored: stored, context: context, operation: "H5Dread")
            return try withSpaces(selection, "H5Dread", context) { (memory, file, elements) throws(HDF5Error) -> [T] in
                let values = codec.read(elements) { buffer in
                    H5Dread(handle.id, memoryType.id, memory, file, TypeCache.transferList(elements: elements, memoryType: memoryType.id, fileType: type.id), buffer) >= 0
                }
                guard let values else { throw HDF5Error.library("H5Dread", file: context.file, path: context.path) }
                return values
            }
        }
    }

    private func write<T: HDF5Element>(_ values: [T], selection: Selection?) throws(HDF5Error) {
        try perform("H5Dwrite", writing: true) { (context) throws(HDF5Error) in
            let codec = T.hdf5Codec
            let (type, stored) = try storedType(context)
            guard codec.kind.canWrite(into: stored) else {
                throw context.error(
                    .typeMismatch, "\(codec.kind.name) values cannot be stored into \(stored) without loss",
                    operation: "H5Dwrite")
            }
            let memoryType = try codec.kind.memoryTypeForWriting(context: context)
            try withSpaces(selection, "H5Dwrite", context) { (memory, file, elements) throws(HDF5Error) in
                guard values.count == elements else {
                    throw context.error(
                        .shapeMismatch, "\(values.count) values for \(elements) elements", operation: "H5Dwrite")
                }
                guard elements > 0 else { return }
                let ok = codec.withBytes(values) { buffer in
                    H5Dwrite(handle.id, memoryType.id, memory, file, TypeCache.transferList(elements: elements, memoryType: memoryType.id, fileType: type.id), buffer) >= 0
                }
                guard ok else { throw HDF5Error.library("H5Dwrite", file: context.file, path: context.path) }
            }
        }
    }

    private func readStrings(selection: Selection?) throws(HDF5Error) -> [String] {
        try perform("H5Dread") { (context) throws(HDF5Error) -> [String] in
            let (type, stored) = try storedType(context)
            guard case .string(let length, _) = stored else {
                throw context.error(.typeMismatch, "stored type \(stored) is not a string", operation: "H5Dread")
            }
            let memoryType = try context.handle(H5Tcopy(type.id), .datatype, "H5Tcopy")
            return try withSpaces(selection, "H5Dread", context) { (memory, file, elements) throws(HDF5Error) -> [String] in
                guard elements > 0 else { return [] }
                if let length {
                    var bytes = [UInt8](repeating: 0, count: elements * length)
                    let status = bytes.withUnsafeMutableBytes {
                        H5Dread(handle.id, memoryType.id, memory, file, TypeCache.transferList(elements: elements, memoryType: memoryType.id, fileType: type.id), $0.baseAddress)
                    }
                    try context.check(status, "H5Dread")
                    return bytes.withUnsafeBytes { StringCoding.unpack($0, count: elements, length: length) }
                }
                var pointers = [UnsafeMutablePointer<CChar>?](repeating: nil, count: elements)
                let status = pointers.withUnsafeMutableBytes {
                    H5Dread(handle.id, memoryType.id, memory, file, TypeCache.transferList(elements: elements, memoryType: memoryType.id, fileType: type.id), $0.baseAddress)
                }
                try context.check(status, "H5Dread")
                let strings = pointers.map { pointer in
                    pointer.map { String(cString: $0) } ?? ""
                }
                let reclaimSpace = memory == chdf5_S_ALL() ? file : memory
                _ = pointers.withUnsafeMutableBytes {
                    H5Dvlen_reclaim(memoryType.id, reclaimSpace, chdf5_P_DEFAULT(), $0.baseAddress)
                }
                return strings
            }
        }
    }

    private func writeStrings(_ values: [String], selection: Selection?) throws(HDF5Error) {
        try perform("H5Dwrite", writing: true) { (context) throws(HDF5Error) in
            let (type, stored) = try storedType(context)
            guard case .string(let length, _) = stored else {
                throw context.error(.typeMismatch, "stored type \(stored) is not a string", operation: "H5Dwrite")
            }
            let memoryType = try context.handle(H5Tcopy(type.id), .datatype, "H5Tcopy")
            try withSpaces(selection, "H5Dwrite", context) { (memory, file, elements) throws(HDF5Error) in
                guard values.count == elements else {
                    throw context.error(
                        .shapeMismatch, "\(values.count) strings for \(elements) elements", operation: "H5Dwrite")
                }
                guard elements > 0 else { return }
                let status: herr_t
                if let length {
                    let bytes: [UInt8]
                    switch StringCoding.pack(values, length: length) {
                    case .success(let packed): bytes = packed
                    case .failure(let tooLong):
                        throw context.error(
                            .invalidArgument,
                            "string \(tooLong.index) has \(tooLong.byteCount) UTF-8 bytes; the dataset holds at most \(length)",
                            operation: "H5Dwrite")
                    }
                    status = bytes.withUnsafeBytes {
                        H5Dwrite(handle.id, memoryType.id, memory, file, TypeCache.transferList(elements: elements, memoryType: memoryType.id, fileType: type.id), $0.baseAddress)
                    }
                } else {
                    status = StringCoding.withCStringPointers(values) { pointers in
                        H5Dwrite(handle.id, memoryType.id, memory, file, TypeCache.transferList(elements: elements, memoryType: memoryType.id, fileType: type.id), pointers)
                    } ?? -1
                }
                try context.check(status, "H5Dwrite")
            }
        }
    }
}
