/// Encoding and decoding of fixed-length and variable-length string buffers.
enum StringCoding {
    /// The fixed length in bytes that holds every one of `strings`: the longest UTF-8 byte count, at least
    /// 1. Like PyTables, no byte is reserved for a terminator: a string that fills its slot is stored
    /// without one (`H5T_STR_NULLTERM` readers stop at the slot's end).
    static func fixedLength(for strings: [String]) -> Int {
        max(1, strings.map { $0.utf8.count }.max() ?? 0)
    }

    /// Packs `strings` into consecutive NUL-padded slots of `length` bytes. Returns nil naming the first
    /// string that does not fit.
    static func pack(_ strings: [String], length: Int) -> Result<[UInt8], TooLong> {
        var bytes = [UInt8](repeating: 0, count: max(1, strings.count * length))
        for (index, string) in strings.enumerated() {
            let utf8 = Array(string.utf8)
            guard utf8.count <= length else { return .failure(TooLong(index: index, byteCount: utf8.count)) }
            bytes.replaceSubrange(index * length..<(index * length + utf8.count), with: utf8)
        }
        return .success(bytes)
    }

    /// A string that does not fit its fixed length.
    struct TooLong: Error {
        let index: Int
        let byteCount: Int
    }

    /// Decodes one fixed-length slot: the bytes up to the first NUL, as UTF-8 (invalid sequences are
    /// replaced, so a Latin-1 file never crashes a reader).
    static func decode(_ slot: UnsafeRawBufferPointer) -> String {
        let bytes = slot.prefix { $0 != 0 }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Decodes `count` consecutive fixed-length slots.
    static func unpack(_ bytes: UnsafeRawBufferPointer, count: Int, length: Int) -> [String] {
        (0..<count).map { index in
            decode(UnsafeRawBufferPointer(rebasing: bytes[index * length..<(index + 1) * length]))
        }
    }
}

extension StringCoding {
    /// Calls `body` with an array of NUL-terminated C string pointers (the memory layout of a
    /// variable-length string buffer), valid only during the call. Nil for no strings.
    static func withCStringPointers<R>(_ strings: [String], _ body: (UnsafeRawPointer) -> R) -> R? {
        var storage: [UInt8] = []
        var offsets: [Int] = []
        for string in strings {
            offsets.append(storage.count)
            storage.append(contentsOf: string.utf8)
            storage.append(0)
        }
        return storage.withUnsafeBufferPointer { bytes in
            let base = bytes.baseAddress
            let pointers: [UnsafeRawPointer?] = offsets.map { offset in base.map { UnsafeRawPointer($0).advanced(by: offset) } }
            return pointers.withUnsafeBytes { raw in raw.baseAddress.map(body) }
        }
    }
}
