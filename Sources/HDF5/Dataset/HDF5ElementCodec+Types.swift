internal import CHDF5

extension HDF5ElementCodec.Kind {
    /// The element type's name in messages.
    var name: String {
        switch self {
        case .float64: "Double"
        case .float32: "Float"
        case .int64: "Int64"
        case .int32: "Int32"
        case .uint8: "UInt8"
        case .uint64: "UInt64"
        case .bool: "Bool"
        case .complex: "Complex<Double>"
        }
    }

    /// The type written to files for new datasets (little-endian standard types, B8 for booleans).
    func fileType(context: ErrorContext) throws(HDF5Error) -> TypeRef {
        switch self {
        case .float64: .predefined(chdf5_T_IEEE_F64LE())
        case .float32: .predefined(chdf5_T_IEEE_F32LE())
        case .int64: .predefined(chdf5_T_STD_I64LE())
        case .int32: .predefined(chdf5_T_STD_I32LE())
        case .uint8: .predefined(chdf5_T_STD_U8LE())
        case .uint64: .predefined(chdf5_T_STD_U64LE())
        case .bool: .predefined(chdf5_T_STD_B8LE())
        case .complex: .owned(try TypeBuilder.complex(context: context))
        }
    }

    /// The memory type used when writing values of this kind.
    func memoryTypeForWriting(context: ErrorContext) throws(HDF5Error) -> TypeRef {
        switch self {
        case .float64: .predefined(chdf5_T_NATIVE_DOUBLE())
        case .float32: .predefined(chdf5_T_NATIVE_FLOAT())
        case .int64: .predefined(chdf5_T_NATIVE_INT64())
        case .int32: .predefined(chdf5_T_NATIVE_INT32())
        case .uint8: .predefined(chdf5_T_NATIVE_UINT8())
        case .uint64: .predefined(chdf5_T_NATIVE_UINT64())
        case .bool: .predefined(chdf5_T_NATIVE_B8())
        case .complex: .owned(try TypeBuilder.complex(context: context))
        }
    }

    /// Whether values stored as `stored` can be written from this kind without loss.
    func canWrite(into stored: HDF5Datatype) -> Bool {
        switch (self, stored) {
        case (.float64, .float(let bits)): bits == 64
        case (.float32, .float(let bits)): bits >= 32
        case (.int64, .integer(let bits, let signed)): bits == 64 && signed
        case (.int32, .integer(let bits, let signed)): signed ? bits >= 32 : false
        case (.uint8, .integer(let bits, let signed)): signed ? bits > 8 : bits >= 8
        case (.uint64, .integer(let bits, let signed)): !signed && bits == 64
        case (.bool, _): stored.isBooleanLike
        case (.complex, _): stored.isComplex
        default: false
        }
    }

    /// The memory type used to read a dataset stored as `stored` (described from `fileType`) into this
    /// kind, or a type-mismatch error when the conversion could lose information or is meaningless.
    func memoryTypeForReading(
        fileType: hid_t, stored: HDF5Datatype, context: ErrorContext, operation: String
    ) throws(HDF5Error) -> TypeRef {
        let compatible: Bool
        switch (self, stored) {
        case (.float64, .float(let bits)): compatible = bits <= 64
        case (.float32, .float(let bits)): compatible = bits <= 32
        case (.int64, .integer(let bits, let signed)): compatible = signed ? bits <= 64 : bits <= 32
        case (.int32, .integer(let bits, let signed)): compatible = signed ? bits <= 32 : bits <= 16
        case (.uint8, .integer(let bits, let signed)): compatible = !signed && bits == 8
        case (.uint64, .integer(_, let signed)): compatible = !signed
        case (.bool, _): compatible = stored.isBooleanLike
        case (.complex, _): compatible = stored.isComplex
        default: compatible = false
        }
        guard compatible else {
            throw context.error(
                .typeMismatch, "stored type \(stored) cannot be read as \(name)", operation: operation)
        }
        switch self {
        case .bool:
            // Read the stored one-byte representation as is (bitfield, enum or integer), then test != 0.
            return .owned(try context.handle(
                H5Tget_native_type(fileType, H5T_DIR_ASCEND), .datatype, "H5Tget_native_type"))
        default:
            return try memoryTypeForWriting(context: context)
        }
    }
}
