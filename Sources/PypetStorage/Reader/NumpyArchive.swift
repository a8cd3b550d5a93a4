import HDF5

/// A numpy `.npz` archive (a zip file of `.npy` arrays, stored or deflated), as `scipy.sparse.save_npz`
/// writes it and pypet stores it, hex-encoded, for sparse matrices.
struct NumpyArchive {
    /// The arrays by name, without the `.npy` extension.
    let arrays: [String: NumpyArray]

    /// Reads an archive from its bytes; every malformed part is a ``NumpyArray/Malformed`` error.
    init(zip bytes: [UInt8]) throws(NumpyArray.Malformed) {
        func u16(_ at: Int) throws(NumpyArray.Malformed) -> Int {
            guard at >= 0, at + 2 <= bytes.count else { throw NumpyArray.Malformed(reason: "a truncated zip archive") }
            return Int(bytes[at]) | Int(bytes[at + 1]) << 8
        }
        func u32(_ at: Int) throws(NumpyArray.Malformed) -> Int {
            let low = try u16(at), high = try u16(at + 2)
            return low | high << 16
        }
        func u64(_ at: Int) throws(NumpyArray.Malformed) -> Int {
            let low = try u32(at), high = try u32(at + 4)
            guard high < 1 << 30 else { throw NumpyArray.Malformed(reason: "a zip archive with an impossible size") }
            return low | high << 32
        }
        // The end of central directory record: the last signature PK\5\6 in the final 64 KiB.
        let signature: [UInt8] = [0x50, 0x4B, 0x05, 0x06]
        guard bytes.count >= 22,
            let end = stride(from: bytes.count - 22, through: max(0, bytes.count - 22 - 65_535), by: -1).first(where: {
                Array(bytes[$0..<($0 + 4)]) == signature
            })
        else { throw NumpyArray.Malformed(reason: "not a zip archive (no central directory)") }
        var entries = try u16(end + 10)
        var directory = try u32(end + 16)
        if entries == 0xFFFF || directory == 0xFFFF_FFFF, end >= 20, try u32(end - 20) == 0x0706_4B50 {
            let record = try u64(end - 12)
            guard try u32(record) == 0x0606_4B50 else { throw NumpyArray.Malformed(reason: "a damaged zip64 directory") }
            entries = try u64(record + 32)
            directory = try u64(record + 48)
        }
        var arrays: [String: NumpyArray] = [:]
        var position = directory
        for _ in 0..<entries {
            guard try u32(position) == 0x0201_4B50 else { throw NumpyArray.Malformed(reason: "a damaged zip central directory") }
            let method = try u16(position + 10)
            let crc = UInt32(try u32(position + 16))
            var compressedSize = try u32(position + 20), size = try u32(position + 24)
            let nameLength = try u16(position + 28), extraLength = try u16(position + 30), commentLength = try u16(position + 32)
            var local = try u32(position + 42)
            let nameStart = position + 46
            guard nameStart + nameLength + extraLength <= bytes.count else { throw NumpyArray.Malformed(reason: "a truncated zip archive") }
            let name = String(decoding: bytes[nameStart..<(nameStart + nameLength)], as: UTF8.self)
            // Zip64: the fields set to 0xFFFFFFFF follow in the extra field 0x0001, in this order.
            var extra = nameStart + nameLength
            let extraEnd = extra + extraLength
            while extra + 4 <= extraEnd {
                let id = try u16(extra), length = try u16(extra + 2)
                if id == 1 {
                    var field = extra + 4
                    if size == 0xFFFF_FFFF { size = try u64(field); field += 8 }
                    if compressedSize == 0xFFFF_FFFF { compressedSize = try u64(field); field += 8 }
                    if local == 0xFFFF_FFFF { local = try u64(field) }
                }
                extra += 4 + length
            }
            position = extraEnd + commentLength
            guard try u32(local) == 0x0403_4B50 else { throw NumpyArray.Malformed(reason: "a damaged zip entry '\(name)'") }
            let localNameLength = try u16(local + 26), localExtraLength = try u16(local + 28)
            let dataStart = local + 30 + localNameLength + localExtraLength
            guard compressedSize >= 0, dataStart + compressedSize <= bytes.count else {
                throw NumpyArray.Malformed(reason: "a truncated zip entry '\(name)'")
            }
            let stored = bytes[dataStart..<(dataStart + compressedSize)]
            let content: [UInt8]
            switch method {
            case 0: content = Array(stored)
            case 8:
                guard size < 1 << 31, let inflated = RawInflate.inflate(stored, count: size) else {
                    throw NumpyArray.Malformed(reason: "the compressed zip entry '\(name)' is damaged")
                }
                content = inflated
            default:
                throw NumpyArray.Malformed(reason: "the zip entry '\(name)' uses compression method \(method), which is not supported")
            }
            guard content.count == size, CRC32.checksum(content) == crc else {
                throw NumpyArray.Malformed(reason: "the zip entry '\(name)' fails its checksum")
            }
            let key = name.hasSuffix(".npy") ? String(name.dropLast(4)) : name
            do {
                arrays[key] = try NumpyArray(npy: content)
            } catch {
                throw NumpyArray.Malformed(reason: "\(error.reason) (array '\(key)')")
            }
        }
        self.arrays = arrays
    }
}
