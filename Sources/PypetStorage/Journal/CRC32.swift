/// CRC-32 (IEEE 802.3, the polynomial of zlib and PNG), for journal records.
enum CRC32 {
    private static let table: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 {
            value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1
        }
        return value
    }

    static func checksum<C: Collection>(_ bytes: C) -> UInt32 where C.Element == UInt8 {
        // Contiguous bytes (arrays, array slices) go through buffers: no bounds checks per byte.
        if let crc = bytes.withContiguousStorageIfAvailable({ buffer in table.withUnsafeBufferPointer { update(0xFFFF_FFFF, buffer, $0) } }) {
            return crc ^ 0xFFFF_FFFF
        }
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8)
        }
        return crc ^ 0xFFFF_FFFF
    }

    private static func update(_ start: UInt32, _ bytes: UnsafeBufferPointer<UInt8>, _ table: UnsafeBufferPointer<UInt32>) -> UInt32 {
        var crc = start
        for byte in bytes {
            crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8)
        }
        return crc
    }
}
