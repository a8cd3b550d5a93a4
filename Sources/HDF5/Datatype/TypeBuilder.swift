internal import CHDF5

/// Builds and inspects libhdf5 datatypes. Every function runs inside ``HDF5Library/perform(_:)``.
enum TypeBuilder {
    /// A fixed-length, NUL-terminated string type of `length` bytes (at least 1).
    static func fixedString(length: Int, encoding: HDF5StringEncoding, context: ErrorContext) throws(HDF5Error) -> Handle {
        let type = try context.handle(H5Tcopy(chdf5_T_C_S1()), .datatype, "H5Tcopy")
        try context.check(H5Tset_size(type.id, max(1, length)), "H5Tset_size")
        try context.check(H5Tset_strpad(type.id, H5T_STR_NULLTERM), "H5Tset_strpad")
        try context.check(H5Tset_cset(type.id, encoding == .utf8 ? H5T_CSET_UTF8 : H5T_CSET_ASCII), "H5Tset_cset")
        return type
    }

    /// A variable-length string type.
    static func variableString(encoding: HDF5StringEncoding, context: ErrorContext) throws(HDF5Error) -> Handle {
        let type = try context.handle(H5Tcopy(chdf5_T_C_S1()), .datatype, "H5Tcopy")
        try context.check(H5Tset_size(type.id, chdf5_T_VARIABLE()), "H5Tset_size")
        try context.check(H5Tset_cset(type.id, encoding == .utf8 ? H5T_CSET_UTF8 : H5T_CSET_ASCII), "H5Tset_cset")
        return type
    }

    /// The complex-number compound `{r, i}` of two doubles (16 bytes, `r` first), for memory and file.
    static func complex(context: ErrorContext) throws(HDF5Error) -> Handle {
        let type = try context.handle(H5Tcreate(H5T_COMPOUND, 16), .datatype, "H5Tcreate")
        try context.check(H5Tinsert(type.id, "r", 0, chdf5_T_NATIVE_DOUBLE()), "H5Tinsert")
        try context.check(H5Tinsert(type.id, "i", 8, chdf5_T_NATIVE_DOUBLE()), "H5Tinsert")
        return type
    }

    /// A fixed-shape array type over `base`.
    static func array(of base: hid_t, dimensions: [Int], context: ErrorContext) throws(HDF5Error) -> Handle {
        let dims = dimensions.map { hsize_t($0) }
        return try context.handle(H5Tarray_create2(base, UInt32(dims.count), dims), .datatype, "H5Tarray_create2")
    }

    /// Describes a libhdf5 datatype.
    static func describe(_ type: hid_t, context: ErrorContext) throws(HDF5Error) -> HDF5Datatype {
        let size = H5Tget_size(type)
        let typeClass = H5Tget_class(type)
        switch typeClass {
        case H5T_INTEGER:
            return .integer(bits: size * 8, signed: H5Tget_sign(type) == H5T_SGN_2)
        case H5T_FLOAT:
            return .float(bits: size * 8)
        case H5T_BITFIELD:
            return .bitfield(bits: size * 8)
        case H5T_STRING:
            let variable = try context.truth(H5Tis_variable_str(type), "H5Tis_variable_str")
            let encoding: HDF5StringEncoding = H5Tget_cset(type) == H5T_CSET_UTF8 ? .utf8 : .ascii
            return .string(length: variable ? nil : size, encoding: encoding)
        case H5T_ENUM:
            let base = try context.handle(H5Tget_super(type), .datatype, "H5Tget_super")
            let baseDescription = try describe(base.id, context: context)
            let count = H5Tget_nmembers(type)
            guard count >= 0 else { throw HDF5Error.library("H5Tget_nmembers", file: context.file, path: context.path) }
            var members: [HDF5Datatype.EnumMember] = []
            for index in 0..<UInt32(count) {
                let name = try memberName(type, index, context: context)
                var raw = [UInt8](repeating: 0, count: max(8, size))
                try context.check(H5Tget_member_value(type, index, &raw), "H5Tget_member_value")
                try context.check(H5Tconvert(base.id, chdf5_T_NATIVE_INT64(), 1, &raw, nil, chdf5_P_DEFAULT()), "H5Tconvert")
                let value = raw.withUnsafeBytes { $0.loadUnaligned(as: Int64.self) }
                members.append(.init(name: name, value: value))
            }
            return .enumeration(base: baseDescription, members: members)
        case H5T_COMPOUND:
            let count = H5Tget_nmembers(type)
            guard count >= 0 else { throw HDF5Error.library("H5Tget_nmembers", file: context.file, path: context.path) }
            var fields: [HDF5Datatype.CompoundField] = []
            for index in 0..<UInt32(count) {
                let name = try memberName(type, index, context: context)
                let member = try context.handle(H5Tget_member_type(type, index), .datatype, "H5Tget_member_type")
                fields.append(.init(name: name, type: try describe(member.id, context: context)))
            }
            return .compound(fields)
        case H5T_ARRAY:
            let rank = H5Tget_array_ndims(type)
            guard rank >= 0 else { throw HDF5Error.library("H5Tget_array_ndims", file: context.file, path: context.path) }
            var dims = [hsize_t](repeating: 0, count: Int(rank))
            _ = H5Tget_array_dims2(type, &dims)
            let base = try context.handle(H5Tget_super(type), .datatype, "H5Tget_super")
            return .array(try describe(base.id, context: context), dimensions: dims.map { Int($0) })
        case H5T_OPAQUE: return .other(className: "opaque", size: size)
        case H5T_REFERENCE: return .other(className: "reference", size: size)
        case H5T_VLEN: return .other(className: "vlen", size: size)
        case H5T_TIME: return .other(className: "time", size: size)
        default: return .other(className: "unknown", size: size)
        }
    }

    /// The name of member `index` of a compound or enum type.
    static func memberName(_ type: hid_t, _ index: UInt32, context: ErrorContext) throws(HDF5Error) -> String {
        guard let raw = H5Tget_member_name(type, index) else {
            throw HDF5Error.library("H5Tget_member_name", file: context.file, path: context.path)
        }
        defer { H5free_memory(raw) }
        return String(cString: raw)
    }
}
