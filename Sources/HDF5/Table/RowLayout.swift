internal import CHDF5
#if canImport(Glibc)
import Glibc
#endif

/// The packed in-memory layout of (a subset of) a table's columns, built from the stored compound type
/// so that reading and writing convert by field name. Every cell travels in the stored width (8-, 16-,
/// 32- or 64-bit integers, 32- or 64-bit floats, the stored one-byte booleans and string types), so a
/// layout of all columns equals a packed stored type and libhdf5 copies rows without converting them.
struct RowLayout {
    enum Scalar {
        /// An integer column of `bits` stored bits, `bytes` wide in memory.
        case int(bits: Int, signed: Bool, bytes: Int)
        /// A float column, `bytes` (4 or 8) wide in memory.
        case float(bytes: Int)
        case bool
        case complex
    }

    enum Cell {
        case scalar(Scalar)
        case fixedString(length: Int)
        case variableString
        case array(Scalar, count: Int)
    }

    struct Field {
        let name: String
        let cell: Cell
        let offset: Int
        let size: Int
    }

    let fields: [Field]
    let rowSize: Int
    /// The larger of this layout's row and the stored row: what a conversion buffer must hold per row.
    let transferSize: Int
    let memoryType: Handle
    let hasVariableStrings: Bool

    /// Builds the layout of the columns `names` (every column when nil) of the stored compound `fileType`.
    init(fileType: hid_t, names: [String]?, context: ErrorContext, operation: String) throws(HDF5Error) {
        let stored = try TypeBuilder.describe(fileType, context: context)
        guard case .compound(let storedFields) = stored else {
            throw context.error(.typeMismatch, "stored type \(stored) is not a compound table", operation: operation)
        }
        let wanted = names ?? storedFields.map(\.name)
        var members: [(name: String, cell: Cell, type: TypeRef, size: Int)] = []
        for name in wanted {
            guard let index = storedFields.firstIndex(where: { $0.name == name }) else {
                throw context.error(.notFound, "no column '\(name)'", operation: operation)
            }
            let memberType = try context.handle(H5Tget_member_type(fileType, UInt32(index)), .datatype, "H5Tget_member_type")
            let (cell, type) = try Self.cell(for: storedFields[index].type, fileType: memberType.id, name: name, context: context, operation: operation)
            members.append((name, cell, type, H5Tget_size(type.id)))
        }
        let rowSize = max(1, members.reduce(0) { $0 + $1.size })
        let compound = try context.handle(H5Tcreate(H5T_COMPOUND, rowSize), .datatype, "H5Tcreate")
        var offset = 0
        var fields: [Field] = []
        for member in members {
            try context.check(H5Tinsert(compound.id, member.name, offset, member.type.id), "H5Tinsert")
            fields.append(Field(name: member.name, cell: member.cell, offset: offset, size: member.size))
            offset += member.size
        }
        self.fields = fields
        self.rowSize = rowSize
        transferSize = max(rowSize, H5Tget_size(fileType))
        self.memoryType = compound
        self.hasVariableStrings = fields.contains { if case .variableString = $0.cell { true } else { false } }
    }

    private static func scalar(
        for stored: HDF5Datatype, fileType: hid_t, context: ErrorContext
    ) throws(HDF5Error) -> (Scalar, TypeRef)? {
        switch stored {
        case .integer(let bits, let signed):
            let type: hid_t = switch (bits, signed) {
            case (8, true): chdf5_T_NATIVE_INT8()
            case (8, false): chdf5_T_NATIVE_UINT8()
            case (16, true): chdf5_T_NATIVE_INT16()
            case (16, false): chdf5_T_NATIVE_UINT16()
            case (32, true): chdf5_T_NATIVE_INT32()
            case (32, false): chdf5_T_NATIVE_UINT32()
            case (64, false): chdf5_T_NATIVE_UINT64()
            default: chdf5_T_NATIVE_INT64()
            }
            let bytes = [8, 16, 32].contains(bits) ? bits / 8 : 8
            return (.int(bits: bits, signed: signed, bytes: bytes), .predefined(type))
        case .float(let bits):
            return bits == 32
                ? (.float(bytes: 4), .predefined(chdf5_T_NATIVE_FLOAT()))
                : (.float(bytes: 8), .predefined(chdf5_T_NATIVE_DOUBLE()))
        case .bitfield(8), .enumeration(.integer(8, _), _):
            return (.bool, .owned(try context.handle(H5Tget_native_type(fileType, H5T_DIR_ASCEND), .datatype, "H5Tget_native_type")))
        case _ where stored.isComplex:
            return (.complex, .owned(try TypeBuilder.complex(context: context)))
        default:
            return nil
        }
    }

    private static func cell(
        for stored: HDF5Datatype, fileType: hid_t, name: String, context: ErrorContext, operation: String
    ) throws(HDF5Error) -> (Cell, TypeRef) {
        if let (scalar, type) = try scalar(for: stored, fileType: fileType, context: context) {
            return (.scalar(scalar), type)
        }
        switch stored {
        case .string(let length, _):
            let copy = try context.handle(H5Tcopy(fileType), .datatype, "H5Tcopy")
            return (length.map { .fixedString(length: $0) } ?? .variableString, .owned(copy))
        case .array(let base, let dimensions):
            let baseType = try context.handle(H5Tget_super(fileType), .datatype, "H5Tget_super")
            if let (scalar, memoryBase) = try scalar(for: base, fileType: baseType.id, context: context) {
                if case .complex = scalar {} else {
                    let array = try TypeBuilder.array(of: memoryBase.id, dimensions: dimensions, context: context)
                    return (.array(scalar, count: Dataspace.count(dimensions)), .owned(array))
                }
            }
        default:
            break
        }
        throw context.error(.unsupportedType, "column '\(name)' has unsupported type \(stored)", operation: operation)
    }

    // MARK: Encoding

    /// Encodes `rows` into a buffer of this layout and calls `body` with it. Variable-length strings
    /// point into storage that lives for the duration of the call.
    func withEncoded<R>(
        _ rows: [HDF5Row], context: ErrorContext, operation: String, _ body: (UnsafeRawPointer) throws(HDF5Error) -> R
    ) throws(HDF5Error) -> R {
        let names = Set(fields.map(\.name))
        for row in rows {
            for key in row.keys where !names.contains(key) {
                throw context.error(.notFound, "no column '\(key)'", operation: operation)
            }
        }
        var buffer = [UInt8](repeating: 0, count: max(1, rows.count * rowSize))
        var cStrings: [UnsafeMutablePointer<CChar>] = []
        defer { cStrings.forEach { free($0) } }
        for (rowIndex, row) in rows.enumerated() {
            for field in fields {
                guard let value = row[field.name] else { continue }
                let start = rowIndex * rowSize + field.offset
                try encode(value, field: field, at: start, into: &buffer, cStrings: &cStrings, context: context, operation: operation)
            }
        }
        let result = buffer.withUnsafeBytes { (raw) -> Result<R, HDF5Error> in
            guard let base = raw.baseAddress else {
                return .failure(context.error(.invalidArgument, "empty row buffer", operation: operation))
            }
            do throws(HDF5Error) { return .success(try body(base)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    private func encode(
        _ value: HDF5Value, field: Field, at start: Int, into buffer: inout [UInt8],
        cStrings: inout [UnsafeMutablePointer<CChar>], context: ErrorContext, operation: String
    ) throws(HDF5Error) {
        func mismatch() -> HDF5Error {
            context.error(.typeMismatch, "column '\(field.name)' cannot hold a \(value.kindName) value", operation: operation)
        }
        func store<T>(_ element: T, at position: Int) {
            buffer.withUnsafeMutableBytes { $0.storeBytes(of: element, toByteOffset: position, as: T.self) }
        }
        func storeScalar(_ scalar: Scalar, _ value: HDF5Value, at position: Int) throws(HDF5Error) {
            switch (scalar, value) {
            case (.int(let bits, let signed, let bytes), .int(let v)):
                guard Self.fits(v, bits: bits, signed: signed) else {
                    throw context.error(
                        .invalidArgument, "\(v) does not fit column '\(field.name)' (\(signed ? "" : "u")int\(bits))",
                        operation: operation)
                }
                buffer.withUnsafeMutableBytes { Self.storeInteger(v, bytes: bytes, into: $0, at: position) }
            case (.float(let bytes), .double(let v)):
                buffer.withUnsafeMutableBytes { Self.storeFloat(v, bytes: bytes, into: $0, at: position) }
            case (.float(let bytes), .int(let v)):
                buffer.withUnsafeMutableBytes { Self.storeFloat(Double(v), bytes: bytes, into: $0, at: position) }
            case (.bool, .bool(let v)): buffer[position] = v ? 1 : 0
            case (.complex, .complex(let v)):
                store(v.real, at: position)
                store(v.imaginary, at: position + 8)
            default: throw mismatch()
            }
        }
        switch (field.cell, value) {
        case (.scalar(let scalar), _):
            try storeScalar(scalar, value, at: start)
        case (.fixedString(let length), .string(let string)):
            let utf8 = Array(string.utf8)
            guard utf8.count <= length else {
                throw context.error(
                    .invalidArgument,
                    "string of \(utf8.count) UTF-8 bytes does not fit column '\(field.name)' (at most \(length))",
                    operation: operation)
            }
            buffer.replaceSubrange(start..<(start + utf8.count), with: utf8)
        case (.variableString, .string(let string)):
            guard let copy = strdup(string) else {
                throw context.error(.libraryFailure, "out of memory", operation: operation)
            }
            cStrings.append(copy)
            store(UnsafeRawPointer(copy), at: start)
        case (.array(let scalar, let count), _):
            let elements: [HDF5Value]
            switch value {
            case .intArray(let values): elements = values.map { .int($0) }
            case .doubleArray(let values): elements = values.map { .double($0) }
            case .boolArray(let values): elements = values.map { .bool($0) }
            default: throw mismatch()
            }
            guard elements.count == count else {
                throw context.error(
                    .shapeMismatch, "column '\(field.name)' holds \(count) elements per cell, not \(elements.count)",
                    operation: operation)
            }
            let width = field.size / max(1, count)
            for (index, element) in elements.enumerated() {
                try storeScalar(scalar, element, at: start + index * width)
            }
        default:
            throw mismatch()
        }
    }

    /// Stores an integer that fits its column in the column's memory width (its bit pattern, so signed
    /// and unsigned columns alike).
    static func storeInteger(_ value: Int64, bytes: Int, into raw: UnsafeMutableRawBufferPointer, at offset: Int) {
        switch bytes {
        case 1: raw.storeBytes(of: UInt8(truncatingIfNeeded: value), toByteOffset: offset, as: UInt8.self)
        case 2: raw.storeBytes(of: UInt16(truncatingIfNeeded: value), toByteOffset: offset, as: UInt16.self)
        case 4: raw.storeBytes(of: UInt32(truncatingIfNeeded: value), toByteOffset: offset, as: UInt32.self)
        default: raw.storeBytes(of: value, toByteOffset: offset, as: Int64.self)
        }
    }

    /// Loads an integer of the column's memory width, sign-extended for signed columns.
    static func loadInteger(bytes: Int, signed: Bool, from raw: UnsafeRawBufferPointer, at offset: Int) -> Int64 {
        switch (bytes, signed) {
        case (1, true): Int64(raw.loadUnaligned(fromByteOffset: offset, as: Int8.self))
        case (1, false): Int64(raw.loadUnaligned(fromByteOffset: offset, as: UInt8.self))
        case (2, true): Int64(raw.loadUnaligned(fromByteOffset: offset, as: Int16.self))
        case (2, false): Int64(raw.loadUnaligned(fromByteOffset: offset, as: UInt16.self))
        case (4, true): Int64(raw.loadUnaligned(fromByteOffset: offset, as: Int32.self))
        case (4, false): Int64(raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
        default: raw.loadUnaligned(fromByteOffset: offset, as: Int64.self)
        }
    }

    static func storeFloat(_ value: Double, bytes: Int, into raw: UnsafeMutableRawBufferPointer, at offset: Int) {
        if bytes == 4 {
            raw.storeBytes(of: Float(value), toByteOffset: offset, as: Float.self)
        } else {
            raw.storeBytes(of: value, toByteOffset: offset, as: Double.self)
        }
    }

    static func loadFloat(bytes: Int, from raw: UnsafeRawBufferPointer, at offset: Int) -> Double {
        bytes == 4 ? Double(raw.loadUnaligned(fromByteOffset: offset, as: Float.self)) : raw.loadUnaligned(fromByteOffset: offset, as: Double.self)
    }

    static func fits(_ value: Int64, bits: Int, signed: Bool) -> Bool {
        if signed {
            guard bits < 64 else { return true }
            let limit = Int64(1) << (bits - 1)
            return value >= -limit && value < limit
        }
        guard value >= 0 else { return false }
        guard bits < 63 else { return true }
        return value < Int64(1) << bits
    }

    // MARK: Decoding

    /// Decodes `count` rows from a buffer of this layout.
    func decode(_ raw: UnsafeRawBufferPointer, count: Int) -> [HDF5Row] {
        (0..<count).map { rowIndex in
            var row: HDF5Row = [:]
            for field in fields {
                let start = rowIndex * rowSize + field.offset
                row[field.name] = decode(field, raw, at: start)
            }
            return row
        }
    }

    private func decodeScalar(_ scalar: Scalar, _ raw: UnsafeRawBufferPointer, at position: Int) -> HDF5Value {
        switch scalar {
        case .int(_, let signed, let bytes): .int(Self.loadInteger(bytes: bytes, signed: signed, from: raw, at: position))
        case .float(let bytes): .double(Self.loadFloat(bytes: bytes, from: raw, at: position))
        case .bool: .bool(raw[position] != 0)
        case .complex:
            .complex(.init(
                raw.loadUnaligned(fromByteOffset: position, as: Double.self),
                raw.loadUnaligned(fromByteOffset: position + 8, as: Double.self)))
        }
    }

    private func decode(_ field: Field, _ raw: UnsafeRawBufferPointer, at start: Int) -> HDF5Value {
        switch field.cell {
        case .scalar(let scalar):
            return decodeScalar(scalar, raw, at: start)
        case .fixedString(let length):
            return .string(StringCoding.decode(UnsafeRawBufferPointer(rebasing: raw[start..<(start + length)])))
        case .variableString:
            let pointer = raw.loadUnaligned(fromByteOffset: start, as: UnsafePointer<CChar>?.self)
            return .string(pointer.map { String(cString: $0) } ?? "")
        case .array(let scalar, let count):
            let width = field.size / max(1, count)
            let elements = (0..<count).map { decodeScalar(scalar, raw, at: start + $0 * width) }
            switch scalar {
            case .int: return .intArray(elements.compactMap(\.intValue))
            case .float: return .doubleArray(elements.compactMap(\.doubleValue))
            default: return .boolArray(elements.compactMap(\.boolValue))
            }
        }
    }
}

/// One table row: cell values by column name.
public typealias HDF5Row = [String: HDF5Value]
