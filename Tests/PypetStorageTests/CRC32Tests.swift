@testable import PypetStorage
import Testing

@Suite("CRC-32")
struct CRC32Tests {
    /// The byte-at-a-time definition (reflected IEEE polynomial), as the reference.
    private func reference(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? 0xEDB8_8320 ^ (crc >> 1) : crc >> 1 }
        }
        return crc ^ 0xFFFF_FFFF
    }

    @Test("the check value of \"123456789\" is 0xCBF43926 (zlib's crc32)")
    func checkValue() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum([UInt8]()) == 0)
    }

    @Test("every length from 0 to 300 and every alignment of a slice agree with the bitwise definition")
    func lengths() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        let bytes = (0..<320).map { _ -> UInt8 in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 56)
        }
        for length in 0...300 {
            #expect(CRC32.checksum(Array(bytes.prefix(length))) == reference(Array(bytes.prefix(length))))
        }
        for start in 0..<9 {
            let slice = bytes[start..<(start + 100)]
            #expect(CRC32.checksum(slice) == reference(Array(slice)))
            #expect(CRC32.checksum(slice.lazy.map { $0 }) == reference(Array(slice)))
        }
    }
}
