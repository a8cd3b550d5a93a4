/// A 64-bit FNV-1a hash of a string, the same in every process (Swift's `Hasher` is seeded per process):
/// the key of a named random sub-stream.
enum StableHash {
    static func of(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return hash
    }
}
