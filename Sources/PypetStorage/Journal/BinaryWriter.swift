package import PypetCore

/// A compact little-endian binary encoding of run records and ``PypetValue``s, for the journal.
package struct BinaryWriter {
    package private(set) var bytes: [UInt8] = []

    package init() {}

    package mutating func write<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    package mutating func write(_ value: Double) { write(value.bitPattern) }
    package mutating func write(_ value: Float) { write(value.bitPattern) }
    package mutating func write(_ value: Bool) { bytes.append(value ? 1 : 0) }

    package mutating func write(_ value: String) {
        write(UInt32(value.utf8.count))
        bytes.append(contentsOf: value.utf8)
    }

    package mutating func write(_ value: [UInt8]) {
        write(UInt32(value.count))
        bytes.append(contentsOf: value)
    }

    package mutating func write(optional value: Double?) {
        write(value != nil)
        if let value { write(value) }
    }

    /// The encoded length of a scalar value (tag included); nil for other values.
    package static func scalarSize(_ value: PypetValue) -> Int? {
        switch value {
        case .bool: 2
        case .int, .double: 9
        case .float: 5
        case .complex: 17
        case .string(let v): 5 + v.utf8.count
        default: nil
        }
    }

    package mutating func write(_ value: PypetValue) {
        switch value {
        case .bool(let v): bytes.append(0); write(v)
        case .int(let v): bytes.append(1); write(Int64(v))
        case .double(let v): bytes.append(2); write(v)
        case .float(let v): bytes.append(3); write(v)
        case .complex(let v): bytes.append(4); write(v.real); write(v.imaginary)
        case .string(let v): bytes.append(5); write(v)
        case .array(let array):
            bytes.append(6)
            write(UInt32(array.shape.count))
            for dimension in array.shape { write(Int64(dimension)) }
            write(array.elements)
        case .list(let values):
            bytes.append(7)
            write(UInt32(values.count))
            for element in values { write(element) }
        case .dictionary(let entries):
            bytes.append(8)
            write(UInt32(entries.count))
            for (key, element) in entries.sorted(by: { $0.key < $1.key }) { write(key); write(element) }
        case .table(let table):
            bytes.append(9)
            write(UInt32(table.columnNames.count))
            for name in table.columnNames {
                write(name)
                switch table[column: name] {
                case .bool(let v)?: write(NDArray.Elements.bool(v))
                case .int(let v)?: write(NDArray.Elements.int(v))
                case .double(let v)?: write(NDArray.Elements.double(v))
                case .string(let v)?: write(NDArray.Elements.string(v))
                case nil: write(NDArray.Elements.int([]))
                }
            }
        case .sparse(let sparse):
            bytes.append(10)
            write(Int64(sparse.rows)); write(Int64(sparse.columns))
            write(NDArray.Elements.double(sparse.values))
            write(NDArray.Elements.int(sparse.columnIndices))
            write(NDArray.Elements.int(sparse.rowPointers))
        case .custom(let custom):
            bytes.append(11)
            write(custom.typeName)
            write(custom.payload)
        case .quantity(let quantity):
            bytes.append(13)
            write(quantity.unit.symbol)
            write(quantity.unit.scale)
            for exponent in quantity.unit.dimension.exponents { write(Int64(exponent)) }
            write(UInt32(quantity.shape.count))
            for dimension in quantity.shape { write(Int64(dimension)) }
            write(NDArray.Elements.double(quantity.magnitudes))
        case .pickled(let pickled):
            bytes.append(12)
            write(Int64(pickled.byteCount))
            write(Int64(pickled.pickleProtocol ?? -1))
        }
    }

    package mutating func write(_ elements: NDArray.Elements) {
        switch elements {
        case .bool(let v): bytes.append(0); write(UInt32(v.count)); for x in v { write(x) }
        case .int(let v): bytes.append(1); write(UInt32(v.count)); for x in v { write(Int64(x)) }
        case .double(let v): bytes.append(2); write(UInt32(v.count)); for x in v { write(x) }
        case .float(let v): bytes.append(3); write(UInt32(v.count)); for x in v { write(x) }
        case .complex(let v): bytes.append(4); write(UInt32(v.count)); for x in v { write(x.real); write(x.imaginary) }
        case .string(let v): bytes.append(5); write(UInt32(v.count)); for x in v { write(x) }
        }
    }
}
