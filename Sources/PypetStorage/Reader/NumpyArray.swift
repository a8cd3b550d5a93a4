import Foundation

/// One array of a numpy `.npy` file (format versions 1 to 3): its shape and its elements in row-major
/// order, decoded from little- or big-endian integers, floats, booleans or byte strings.
struct NumpyArray {
    enum Elements {
        case signed([Int64])
        case unsigned([UInt64])
        case float([Double])
        case bool([Bool])
        case bytes([String])
    }

    let shape: [Int]
    let elements: Elements

    /// Why an `.npy` file cannot be read, in plain words.
    struct Malformed: Error {
        let reason: String
    }

    var count: Int { shape.reduce(1, *) }

    /// The elements as integers, when they are integers that fit a 64-bit signed integer.
    var integers: [Int]? {
        switch elements {
        case .signed(let v): v.map { Int($0) }
        case .unsigned(let v): v.allSatisfy({ $0 <= UInt64(Int.max) }) ? v.map { Int($0) } : nil
        default: nil
        }
    }

    /// The elements as doubles, when each converts exactly (floats, booleans and integers up to 2^53).
    var doubles: [Double]? {
        switch elements {
        case .float(let v): return v
        case .bool(let v): return v.map { $0 ? 1 : 0 }
        case .signed(let v):
            let converted = v.map { Double($0) }
            return zip(v, converted).allSatisfy({ Int64(exactly: $1) == $0 }) ? converted : nil
        case .unsigned(let v):
            let converted = v.map { Double($0) }
            return zip(v, converted).allSatisfy({ UInt64(exactly: $1) == $0 }) ? converted : nil
        case .bytes: return nil
        }
    }

    /// Reads an `.npy` file.
    init(npy bytes: [UInt8]) throws(Malformed) {
        let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]
        guard bytes.count >= 10, Array(bytes[0..<6]) == magic else { throw Malformed(reason: "not a numpy array file") }
        let major = bytes[6]
        let headerLength: Int, headerStart: Int
        switch major {
        case 1:
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
            headerStart = 10
        case 2, 3:
            guard bytes.count >= 12 else { throw Malformed(reason: "a truncated numpy array header") }
            headerLength = (0..<4).reduce(0) { $0 | Int(bytes[8 + $1]) << (8 * $1) }
            headerStart = 12
        default:
            throw Malformed(reason: "numpy array format version \(major), which is not supported")
        }
        guard headerStart + headerLength <= bytes.count,
            let header = String(bytes: bytes[headerStart..<(headerStart + headerLength)], encoding: .utf8)
        else { throw Malformed(reason: "a truncated numpy array header") }
        guard let descr = Self.quotedValue(of: "descr", in: header) else { throw Malformed(reason: "a numpy array without its element type") }
        let fortran = header.contains("'fortran_order': True")
        let shape = try Self.shape(in: header)
        let values = ArraySlice(bytes[(headerStart + headerLength)...])
        var count = 1
        for dimension in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
            guard !overflow, product <= values.count else { throw Malformed(reason: "a numpy array shorter than its shape") }
            count = product
        }
        let elements = try Self.elements(values, descr: descr, count: count)
        self.shape = shape
        self.elements = fortran && shape.count > 1 ? Self.rowMajor(elements, shape: shape) : elements
    }

    private static func quotedValue(of key: String, in header: String) -> String? {
        guard let keyRange = header.range(of: "'\(key)':") else { return nil }
        let rest = header[keyRange.upperBound...].drop { $0 == " " }
        guard let quote = rest.first, quote == "'" || quote == "\"" else { return nil }
        let body = rest.dropFirst()
        guard let end = body.firstIndex(of: quote) else { return nil }
        return String(body[..<end])
    }

    private static func shape(in header: String) throws(Malformed) -> [Int] {
        guard let keyRange = header.range(of: "'shape':"), let open = header[keyRange.upperBound...].firstIndex(of: "("),
            let close = header[open...].firstIndex(of: ")")
        else { throw Malformed(reason: "a numpy array without its shape") }
        var shape: [Int] = []
        for part in header[header.index(after: open)..<close].split(separator: ",") {
            let text = part.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "L", with: "")
            if text.isEmpty { continue }
            guard let dimension = Int(text), dimension >= 0, dimension < 1 << 40 else {
                throw Malformed(reason: "a numpy array with the shape \(header[open...close])")
            }
            shape.append(dimension)
        }
        return shape
    }

    private static func elements(_ bytes: ArraySlice<UInt8>, descr: String, count: Int) throws(Malformed) -> Elements {
        guard descr.count >= 3, let order = descr.first, let kind = descr.dropFirst().first,
            let size = Int(descr.dropFirst(2)), size > 0
        else { throw Malformed(reason: "the numpy element type '\(descr)', which is not supported") }
        let bigEndian = order == ">"
        let (total, overflow) = count.multipliedReportingOverflow(by: size)
        guard !overflow, total <= bytes.count else { throw Malformed(reason: "a numpy array shorter than its shape") }
        let start = bytes.startIndex
        func word(_ index: Int) -> UInt64 {
            var value: UInt64 = 0
            for byte in 0..<size {
                let b = UInt64(bytes[start + index * size + byte])
                value |= bigEndian ? b << (8 * UInt64(size - 1 - byte)) : b << (8 * UInt64(byte))
            }
            return value
        }
        switch (kind, size) {
        case ("i", 1), ("i", 2), ("i", 4), ("i", 8):
            let shift = UInt64(64 - 8 * size)
            return .signed((0..<count).map { Int64(bitPattern: word($0) << shift) >> Int64(shift) })
        case ("u", 1), ("u", 2), ("u", 4), ("u", 8):
            return .unsigned((0..<count).map(word))
        case ("f", 8):
            return .float((0..<count).map { Double(bitPattern: word($0)) })
        case ("f", 4):
            return .float((0..<count).map { Double(Float(bitPattern: UInt32(word($0)))) })
        case ("b", 1):
            return .bool((0..<count).map { word($0) != 0 })
        case ("S", _):
            return .bytes((0..<count).map { index in
                let raw = bytes[(start + index * size)..<(start + (index + 1) * size)]
                return String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            })
        default:
            throw Malformed(reason: "the numpy element type '\(descr)', which is not supported")
        }
    }

    /// Column-major (Fortran order) elements rearranged to row-major order.
    private static func rowMajor(_ elements: Elements, shape: [Int]) -> Elements {
        let count = shape.reduce(1, *)
        // Row-major index r of a multi-index equals the Fortran index f of the same multi-index.
        let order: [Int] = (0..<count).map { rowIndex in
            var remainder = rowIndex, fortranIndex = 0, stride = 1
            var multi = [Int](repeating: 0, count: shape.count)
            for axis in shape.indices.reversed() {
                multi[axis] = remainder % shape[axis]
                remainder /= shape[axis]
            }
            for axis in shape.indices {
                fortranIndex += multi[axis] * stride
                stride *= shape[axis]
            }
            return fortranIndex
        }
        switch elements {
        case .signed(let v): return .signed(order.map { v[$0] })
        case .unsigned(let v): return .unsigned(order.map { v[$0] })
        case .float(let v): return .float(order.map { v[$0] })
        case .bool(let v): return .bool(order.map { v[$0] })
        case .bytes(let v): return .bytes(order.map { v[$0] })
        }
    }
}
