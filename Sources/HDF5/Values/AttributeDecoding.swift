internal import CHDF5
#if canImport(Glibc)
import Glibc
#endif

/// Reads an attribute of any supported stored type into an ``HDF5Value``.
enum AttributeDecoding {
    static func read(_ attribute: hid_t, name: String, context: ErrorContext) throws(HDF5Error) -> HDF5Value {
        let type = try context.handle(H5Aget_type(attribute), .datatype, "H5Aget_type")
        let space = try context.handle(H5Aget_space(attribute), .dataspace, "H5Aget_space")
        let (shape, _) = try Dataspace.extent(space.id, context: context)
        let isScalar = shape.isEmpty
        let count = Dataspace.count(shape)
        let stored = try TypeBuilder.describe(type.id, context: context)

        func readBytes(_ memoryType: hid_t, elementSize: Int) throws(HDF5Error) -> [UInt8] {
            var bytes = [UInt8](repeating: 0, count: max(1, count * elementSize))
            if count > 0 {
                let status = bytes.withUnsafeMutableBytes { H5Aread(attribute, memoryType, $0.baseAddress) }
                try context.check(status, "H5Aread")
            }
            return bytes
        }

        func unsupported() -> HDF5Error {
            context.error(.unsupportedType, "attribute '\(name)' has unsupported type \(stored)", operation: "H5Aread")
        }

        switch stored {
        case .integer(let bits, let signed):
            guard signed || bits < 64 else { throw unsupported() }
            let bytes = try readBytes(chdf5_T_NATIVE_INT64(), elementSize: 8)
            let values = Self.load(Int64.self, bytes, count)
            return isScalar ? .int(values.first ?? 0) : .intArray(values)
        case .float:
            let bytes = try readBytes(chdf5_T_NATIVE_DOUBLE(), elementSize: 8)
            let values = Self.load(Double.self, bytes, count)
            return isScalar ? .double(values.first ?? 0) : .doubleArray(values)
        case .bitfield(8), .enumeration(.integer(8, _), _):
            let memory = try context.handle(H5Tget_native_type(type.id, H5T_DIR_ASCEND), .datatype, "H5Tget_native_type")
            let values = try readBytes(memory.id, elementSize: 1).prefix(count).map { $0 != 0 }
            return isScalar ? .bool(values.first ?? false) : .boolArray(Array(values))
        case .string(let length, _):
            let strings: [String]
            if let length {
                let bytes = try readBytes(type.id, elementSize: length)
                strings = bytes.withUnsafeBytes { StringCoding.unpack($0, count: count, length: length) }
            } else {
                strings = try readVariableStrings(attribute, type: type.id, space: space.id, count: count, context: context)
            }
            return isScalar ? .string(strings.first ?? "") : .stringArray(strings)
        case _ where stored.isComplex && isScalar:
            let memory = try TypeBuilder.complex(context: context)
            let parts = Self.load(Double.self, try readBytes(memory.id, elementSize: 16), 2)
            return .complex(.init(parts[0], parts[1]))
        default:
            throw unsupported()
        }
    }

    private static func readVariableStrings(
        _ attribute: hid_t, type: hid_t, space: hid_t, count: Int, context: ErrorContext
    ) throws(HDF5Error) -> [String] {
        guard count > 0 else { return [] }
        let memory = try context.handle(H5Tcopy(type), .datatype, "H5Tcopy")
        var pointers = [UnsafeMutablePointer<CChar>?](repeating: nil, count: count)
        let status = pointers.withUnsafeMutableBytes { H5Aread(attribute, memory.id, $0.baseAddress) }
        try context.check(status, "H5Aread")
        let strings = pointers.map { pointer in
            pointer.map { String(decoding: UnsafeRawBufferPointer(start: $0, count: strlen($0)), as: UTF8.self) } ?? ""
        }
        _ = pointers.withUnsafeMutableBytes { H5Dvlen_reclaim(memory.id, space, chdf5_P_DEFAULT(), $0.baseAddress) }
        return strings
    }

    static func load<T>(_: T.Type, _ bytes: [UInt8], _ count: Int) -> [T] {
        bytes.withUnsafeBytes { raw in
            (0..<count).map { raw.loadUnaligned(fromByteOffset: $0 * MemoryLayout<T>.stride, as: T.self) }
        }
    }
}
