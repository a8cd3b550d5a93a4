#if canImport(Glibc)
import Glibc
#endif

extension RowLayout {
    /// Encodes `count` rows given column by column (every field of the layout must be given) and calls
    /// `body` with the buffer.
    func withEncoded<R>(
        columns: [String: HDF5ColumnValues], count: Int, context: ErrorContext, operation: String,
        _ body: (UnsafeRawPointer) throws(HDF5Error) -> R
    ) throws(HDF5Error) -> R {
        var buffer = [UInt8](repeating: 0, count: max(1, count * rowSize))
        var cStrings: [UnsafeMutablePointer<CChar>] = []
        defer { cStrings.forEach { free($0) } }
        for field in fields {
            guard let values = columns[field.name] else {
                throw context.error(.notFound, "no values for column '\(field.name)'", operation: operation)
            }
            guard values.count == count else {
                throw context.error(.shapeMismatch, "column '\(field.name)' has \(values.count) values for \(count) rows", operation: operation)
            }
            func mismatch() -> HDF5Error {
                context.error(.typeMismatch, "column '\(field.name)' cannot hold \(values.kindName) values", operation: operation)
            }
            let failure = buffer.withUnsafeMutableBytes { (raw) -> HDF5Error? in
                do throws(HDF5Error) {
                    switch (field.cell, values) {
                    case (.scalar(.int(let bits, let signed, let bytes)), .int(let v)):
                        for row in 0..<count {
                            guard Self.fits(v[row], bits: bits, signed: signed) else {
                                throw context.error(.invalidArgument, "\(v[row]) does not fit column '\(field.name)'", operation: operation)
                            }
                            Self.storeInteger(v[row], bytes: bytes, into: raw, at: row * rowSize + field.offset)
                        }
                    case (.scalar(.float(let bytes)), .double(let v)):
                        for row in 0..<count { Self.storeFloat(v[row], bytes: bytes, into: raw, at: row * rowSize + field.offset) }
                    case (.scalar(.float(let bytes)), .int(let v)):
                        for row in 0..<count { Self.storeFloat(Double(v[row]), bytes: bytes, into: raw, at: row * rowSize + field.offset) }
                    case (.scalar(.bool), .bool(let v)):
                        for row in 0..<count { raw[row * rowSize + field.offset] = v[row] ? 1 : 0 }
                    case (.fixedString(let length), .string(let v)):
                        for row in 0..<count {
                            var text = v[row]
                            let written = text.withUTF8 { utf8 -> Bool in
                                guard utf8.count <= length else { return false }
                                if let base = raw.baseAddress, let source = utf8.baseAddress {
                                    (base + row * rowSize + field.offset).copyMemory(from: source, byteCount: utf8.count)
                                }
                                return true
                            }
                            guard written else {
                                throw context.error(
                                    .invalidArgument, "a string of \(v[row].utf8.count) UTF-8 bytes does not fit column '\(field.name)' (at most \(length))",
                                    operation: operation)
                            }
                        }
                    case (.variableString, .string(let v)):
                        for row in 0..<count {
                            guard let copy = strdup(v[row]) else { throw context.error(.libraryFailure, "out of memory", operation: operation) }
                            cStrings.append(copy)
                            raw.storeBytes(of: UnsafeRawPointer(copy), toByteOffset: row * rowSize + field.offset, as: UnsafeRawPointer.self)
                        }
                    default:
                        throw mismatch()
                    }
                    return nil
                } catch {
                    return error
                }
                }
            if let failure { throw failure }
        }
        let result = buffer.withUnsafeBytes { (raw) -> Result<R, HDF5Error> in
            guard let base = raw.baseAddress else { return .failure(context.error(.invalidArgument, "empty row buffer", operation: operation)) }
            do throws(HDF5Error) { return .success(try body(base)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    /// Decodes `count` rows column by column (scalars and strings; array and complex columns are left out).
    func decodeColumns(_ raw: UnsafeRawBufferPointer, count: Int) -> [String: HDF5ColumnValues] {
        var columns: [String: HDF5ColumnValues] = [:]
        for field in fields {
            switch field.cell {
            case .scalar(.int(_, let signed, let bytes)):
                columns[field.name] = .int((0..<count).map { Self.loadInteger(bytes: bytes, signed: signed, from: raw, at: $0 * rowSize + field.offset) })
            case .scalar(.float(let bytes)):
                columns[field.name] = .double((0..<count).map { Self.loadFloat(bytes: bytes, from: raw, at: $0 * rowSize + field.offset) })
            case .scalar(.bool):
                columns[field.name] = .bool((0..<count).map { raw[$0 * rowSize + field.offset] != 0 })
            case .fixedString(let length):
                columns[field.name] = .string((0..<count).map { row in
                    let start = row * rowSize + field.offset
                    return StringCoding.decode(UnsafeRawBufferPointer(rebasing: raw[start..<(start + length)]))
                })
            case .variableString:
                columns[field.name] = .string((0..<count).map { row in
                    raw.loadUnaligned(fromByteOffset: row * rowSize + field.offset, as: UnsafePointer<CChar>?.self).map { String(cString: $0) } ?? ""
                })
            case .scalar(.complex), .array:
                continue
            }
        }
        return columns
    }
}
