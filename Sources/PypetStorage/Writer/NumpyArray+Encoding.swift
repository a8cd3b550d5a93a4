extension NumpyArray {
    /// Creates an array from its shape and row-major elements.
    init(shape: [Int], elements: Elements) {
        self.shape = shape
        self.elements = elements
    }

    /// The `.npy` file (format 1.0, little-endian, row-major) of this array. Byte strings take the width
    /// of the longest one.
    var npy: [UInt8] {
        let descr: String
        var body: [UInt8] = []
        func append(_ word: UInt64, bytes: Int) {
            for byte in 0..<bytes { body.append(UInt8(truncatingIfNeeded: word >> (8 * UInt64(byte)))) }
        }
        switch elements {
        case .signed(let v):
            descr = "<i8"
            for x in v { append(UInt64(bitPattern: x), bytes: 8) }
        case .unsigned(let v):
            descr = "<u8"
            for x in v { append(x, bytes: 8) }
        case .float(let v):
            descr = "<f8"
            for x in v { append(x.bitPattern, bytes: 8) }
        case .bool(let v):
            descr = "|b1"
            for x in v { body.append(x ? 1 : 0) }
        case .bytes(let v):
            let width = max(1, v.map(\.utf8.count).max() ?? 1)
            descr = "|S\(width)"
            for x in v { body += Array(x.utf8) + [UInt8](repeating: 0, count: width - x.utf8.count) }
        }
        let dimensions = shape.count == 1 ? "\(shape[0])," : shape.map(String.init).joined(separator: ", ")
        var header = "{'descr': '\(descr)', 'fortran_order': False, 'shape': (\(dimensions)), }"
        // Magic (6), version (2), length (2), header: padded with spaces to a multiple of 64, ending in a newline.
        let unpadded = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        let length = header.utf8.count
        return [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(length & 0xFF), UInt8(length >> 8)] + Array(header.utf8) + body
    }
}
