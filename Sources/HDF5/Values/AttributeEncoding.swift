internal import CHDF5

/// The file type, memory type, shape and bytes of one attribute value.
struct AttributeEncoding {
    let fileType: TypeRef
    let memoryType: TypeRef
    let shape: [Int]
    let bytes: [UInt8]

    init(_ value: HDF5Value, context: ErrorContext) throws(HDF5Error) {
        switch value {
        case .int(let v):
            (fileType, memoryType, shape) = (.predefined(chdf5_T_STD_I64LE()), .predefined(chdf5_T_NATIVE_INT64()), [])
            bytes = Self.bytes(of: [v])
        case .double(let v):
            (fileType, memoryType, shape) = (.predefined(chdf5_T_IEEE_F64LE()), .predefined(chdf5_T_NATIVE_DOUBLE()), [])
            bytes = Self.bytes(of: [v])
        case .bool(let v):
            (fileType, memoryType, shape) = (.predefined(chdf5_T_STD_B8LE()), .predefined(chdf5_T_NATIVE_B8()), [])
            bytes = [v ? 1 : 0]
        case .complex(let v):
            let type = TypeRef.owned(try TypeBuilder.complex(context: context))
            (fileType, memoryType, shape) = (type, type, [])
            bytes = Self.bytes(of: [v.real, v.imaginary])
        case .string(let v):
            let length = StringCoding.fixedLength(for: [v])
            let type: TypeRef
            if let cached = TypeCache.utf8String(length: length) {
                type = .predefined(cached)
            } else {
                type = .owned(try TypeBuilder.fixedString(length: length, encoding: .utf8, context: context))
            }
            (fileType, memoryType, shape) = (type, type, [])
            bytes = v.isEmpty ? [0] : Array(v.utf8)
        case .intArray(let v):
            (fileType, memoryType, shape) = (.predefined(chdf5_T_STD_I64LE()), .predefined(chdf5_T_NATIVE_INT64()), [v.count])
            bytes = Self.bytes(of: v)
        case .doubleArray(let v):
            (fileType, memoryType, shape) = (.predefined(chdf5_T_IEEE_F64LE()), .predefined(chdf5_T_NATIVE_DOUBLE()), [v.count])
            bytes = Self.bytes(of: v)
        case .boolArray(let v):
            (fileType, memoryType, shape) = (.predefined(chdf5_T_STD_B8LE()), .predefined(chdf5_T_NATIVE_B8()), [v.count])
            bytes = v.map { $0 ? 1 : 0 }
        case .stringArray(let v):
            let length = StringCoding.fixedLength(for: v)
            let type = TypeRef.owned(try TypeBuilder.fixedString(length: length, encoding: .utf8, context: context))
            (fileType, memoryType, shape) = (type, type, [v.count])
            switch StringCoding.pack(v, length: length) {
            case .success(let packed): bytes = packed
            case .failure: throw context.error(.invalidArgument, "string does not fit", operation: "H5Awrite")
            }
        }
    }

    static func bytes<T>(of values: [T]) -> [UInt8] {
        let raw = values.withUnsafeBytes { Array($0) }
        return raw.isEmpty ? [0] : raw
    }
}
