import ComplexModule
package import PypetCore

/// Reads what ``BinaryWriter`` wrote; any truncation or bad tag throws.
package struct BinaryReader {
    package struct Malformed: Error {}

    private let bytes: [UInt8]
    package private(set) var offset: Int
    /// Where the encoding ends (`bytes.count`, or the end of one frame's payload inside a bigger buffer).
    private let end: Int

    package init(_ bytes: [UInt8], offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
        end = bytes.count
    }

    /// A reader of `bytes[range]` (one frame's payload inside a buffer of frames: nothing is copied).
    package init(_ bytes: [UInt8], range: Range<Int>) {
        self.bytes = bytes
        offset = max(0, range.lowerBound)
        end = min(bytes.count, range.upperBound)
    }

    package var isAtEnd: Bool { offset >= end }

    package mutating func read<T: FixedWidthInteger>(_: T.Type) throws(Malformed) -> T {
        let size = MemoryLayout<T>.size
        guard offset + size <= end else { throw Malformed() }
        let start = offset
        let raw = bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: start, as: T.self) }
        offset += size
        return T(littleEndian: raw)
    }

    package mutating func readDouble() throws(Malformed) -> Double { Double(bitPattern: try read(UInt64.self)) }
    package mutating func readFloat() throws(Malformed) -> Float { Float(bitPattern: try read(UInt32.self)) }
    package mutating func readBool() throws(Malformed) -> Bool { try read(UInt8.self) != 0 }

    package mutating func readCount() throws(Malformed) -> Int {
        let count = Int(try read(UInt32.self))
        guard count <= end - offset || count == 0 else { throw Malformed() }
        return count
    }

    package mutating func readBytes() throws(Malformed) -> [UInt8] {
        let count = try readCount()
        guard offset + count <= end else { throw Malformed() }
        defer { offset += count }
        return Array(bytes[offset..<(offset + count)])
    }

    package mutating func readString() throws(Malformed) -> String {
        let count = try readCount()
        guard offset + count <= end else { throw Malformed() }
        defer { offset += count }
        return String(decoding: bytes[offset..<(offset + count)], as: UTF8.self)
    }

    package mutating func readOptionalDouble() throws(Malformed) -> Double? {
        try readBool() ? try readDouble() : nil
    }

    package mutating func readValue(depth: Int = 0) throws(Malformed) -> PypetValue {
        guard depth < 8 else { throw Malformed() }
        switch try read(UInt8.self) {
        case 0: return .bool(try readBool())
        case 1: return .int(Int(try read(Int64.self)))
        case 2: return .double(try readDouble())
        case 3: return .float(try readFloat())
        case 4: return .complex(Complex(try readDouble(), try readDouble()))
        case 5: return .string(try readString())
        case 6:
            let rank = try readCount()
            var shape: [Int] = []
            for _ in 0..<rank { shape.append(Int(try read(Int64.self))) }
            guard let array = try? NDArray(shape: shape, elements: try readElements()) else { throw Malformed() }
            return .array(array)
        case 7:
            let count = try readCount()
            var values: [PypetValue] = []
            for _ in 0..<count { values.append(try readValue(depth: depth + 1)) }
            return .list(values)
        case 8:
            let count = try readCount()
            var entries: [String: PypetValue] = [:]
            for _ in 0..<count { entries[try readString()] = try readValue(depth: depth + 1) }
            return .dictionary(entries)
        case 9:
            let count = try readCount()
            var columns: [(String, DataTable.Column)] = []
            for _ in 0..<count {
                let name = try readString()
                switch try readElements() {
                case .bool(let v): columns.append((name, .bool(v)))
                case .int(let v): columns.append((name, .int(v)))
                case .double(let v): columns.append((name, .double(v)))
                case .string(let v): columns.append((name, .string(v)))
                default: throw Malformed()
                }
            }
            guard let table = try? DataTable(columns) else { throw Malformed() }
            return .table(table)
        case 10:
            let rows = Int(try read(Int64.self)), columns = Int(try read(Int64.self))
            guard case .double(let values) = try readElements(), case .int(let indices) = try readElements(),
                case .int(let pointers) = try readElements(),
                let sparse = try? SparseMatrix(rows: rows, columns: columns, values: values, columnIndices: indices, rowPointers: pointers)
            else { throw Malformed() }
            return .sparse(sparse)
        case 11:
            return .custom(CustomValue(typeName: try readString(), payload: try readBytes()))
        case 12:
            let size = try read(Int64.self), pickleProtocol = try read(Int64.self)
            guard size >= 0, pickleProtocol >= -1 else { throw Malformed() }
            return .pickled(PickledValue(byteCount: Int(size), pickleProtocol: pickleProtocol < 0 ? nil : Int(pickleProtocol)))
        case 13:
            let symbol = try readString(), scale = try readDouble()
            var exponents: [Int] = []
            for _ in 0..<7 { exponents.append(Int(try read(Int64.self))) }
            let rank = try readCount()
            var shape: [Int] = []
            for _ in 0..<rank { shape.append(Int(try read(Int64.self))) }
            let dimension = PhysicalDimension(m: exponents[0], kg: exponents[1], s: exponents[2], A: exponents[3], K: exponents[4], mol: exponents[5], cd: exponents[6])
            guard case .double(let magnitudes) = try readElements(),
                let quantity = try? Quantity(magnitudes: magnitudes, shape: shape, unit: PhysicalUnit(symbol: symbol, scale: scale, dimension: dimension))
            else { throw Malformed() }
            return .quantity(quantity)
        default:
            throw Malformed()
        }
    }

    package mutating func readElements() throws(Malformed) -> NDArray.Elements {
        let tag = try read(UInt8.self)
        let count = try readCount()
        switch tag {
        case 0: var v: [Bool] = []; for _ in 0..<count { v.append(try readBool()) }; return .bool(v)
        case 1: var v: [Int] = []; for _ in 0..<count { v.append(Int(try read(Int64.self))) }; return .int(v)
        case 2: var v: [Double] = []; for _ in 0..<count { v.append(try readDouble()) }; return .double(v)
        case 3: var v: [Float] = []; for _ in 0..<count { v.append(try readFloat()) }; return .float(v)
        case 4: var v: [Complex<Double>] = []; for _ in 0..<count { v.append(Complex(try readDouble(), try readDouble())) }; return .complex(v)
        case 5: var v: [String] = []; for _ in 0..<count { v.append(try readString()) }; return .string(v)
        default: throw Malformed()
        }
    }
}
