internal import CHDF5

extension HDF5Group {
    /// Creates an empty table with `columns` (a chunked, extendible compound dataset, fields packed in
    /// the given order). Column names must be unique and non-empty; array columns hold numbers or booleans.
    @discardableResult
    public func createTable(
        _ path: String, columns: [HDF5Column], options: HDF5DatasetOptions = .extendible()
    ) throws(HDF5Error) -> HDF5Table {
        try perform("H5Dcreate2", writing: true) { (context) throws(HDF5Error) -> HDF5Table in
            let type = try Self.compoundType(columns, context: context)
            var options = options
            if options.extendibleRows == nil, options.maxShape == nil { options.extendibleRows = 0 }
            let dataset = try makeDataset(path, fileType: type.id, shape: [0], options: options, context: context)
            return HDF5Table(handle: dataset.handle, file: file, path: dataset.path)
        }
    }

    /// Opens an existing table (a dataset of a compound type, `H5Dopen2`).
    public func openTable(_ path: String) throws(HDF5Error) -> HDF5Table {
        let dataset = try openDataset(path)
        guard case .compound = try dataset.datatype else {
            throw HDF5Error(
                code: .typeMismatch, message: "'\(path)' is not a compound dataset", operation: "H5Dopen2",
                file: file.path, path: dataset.path)
        }
        return HDF5Table(handle: dataset.handle, file: file, path: dataset.path)
    }

    /// The packed compound file type of `columns`.
    static func compoundType(_ columns: [HDF5Column], context: ErrorContext) throws(HDF5Error) -> Handle {
        func invalid(_ message: String) -> HDF5Error {
            context.error(.invalidArgument, message, operation: "H5Tcreate")
        }
        guard !columns.isEmpty else { throw invalid("a table needs at least one column") }
        var seen: Set<String> = []
        var members: [(String, TypeRef)] = []
        for column in columns {
            guard !column.name.isEmpty else { throw invalid("empty column name") }
            guard seen.insert(column.name).inserted else { throw invalid("duplicate column '\(column.name)'") }
            members.append((column.name, try fileType(column.type, column: column.name, context: context)))
        }
        let size = members.reduce(0) { $0 + H5Tget_size($1.1.id) }
        let compound = try context.handle(H5Tcreate(H5T_COMPOUND, size), .datatype, "H5Tcreate")
        var offset = 0
        for (name, type) in members {
            try context.check(H5Tinsert(compound.id, name, offset, type.id), "H5Tinsert")
            offset += H5Tget_size(type.id)
        }
        return compound
    }

    private static func fileType(
        _ type: HDF5ColumnType, column: String, inArray: Bool = false, context: ErrorContext
    ) throws(HDF5Error) -> TypeRef {
        func invalid(_ message: String) -> HDF5Error {
            context.error(.invalidArgument, "column '\(column)': \(message)", operation: "H5Tcreate")
        }
        switch type {
        case .int64: return .predefined(chdf5_T_STD_I64LE())
        case .int32: return .predefined(chdf5_T_STD_I32LE())
        case .uint8: return .predefined(chdf5_T_STD_U8LE())
        case .float64: return .predefined(chdf5_T_IEEE_F64LE())
        case .float32: return .predefined(chdf5_T_IEEE_F32LE())
        case .bool: return .predefined(chdf5_T_STD_B8LE())
        case .complex:
            guard !inArray else { throw invalid("array cells hold numbers or booleans") }
            return .owned(try TypeBuilder.complex(context: context))
        case .string(let length, let encoding):
            guard !inArray else { throw invalid("array cells hold numbers or booleans") }
            guard length >= 1 else { throw invalid("string length \(length) is below 1") }
            return .owned(try TypeBuilder.fixedString(length: length, encoding: encoding, context: context))
        case .variableString(let encoding):
            guard !inArray else { throw invalid("array cells hold numbers or booleans") }
            return .owned(try TypeBuilder.variableString(encoding: encoding, context: context))
        case .array(let base, let shape):
            guard !inArray else { throw invalid("nested arrays are not supported") }
            guard !shape.isEmpty, shape.allSatisfy({ $0 > 0 }) else { throw invalid("array shape \(shape) must be positive") }
            let baseType = try fileType(base, column: column, inArray: true, context: context)
            return .owned(try TypeBuilder.array(of: baseType.id, dimensions: shape, context: context))
        }
    }
}
