extension NumpyArchive {
    /// An uncompressed zip archive of `arrays` as `name.npy` members: an `.npz` file numpy and scipy load.
    static func zipped(_ arrays: [(name: String, array: NumpyArray)]) -> [UInt8] {
        var archive: [UInt8] = [], directory: [UInt8] = []
        func u16(_ value: Int, into bytes: inout [UInt8]) { bytes += [UInt8(value & 0xFF), UInt8((value >> 8) & 0xFF)] }
        func u32(_ value: Int, into bytes: inout [UInt8]) { u16(value & 0xFFFF, into: &bytes); u16((value >> 16) & 0xFFFF, into: &bytes) }
        for (name, array) in arrays {
            let content = array.npy
            let fileName = Array((name + ".npy").utf8)
            let crc = Int(CRC32.checksum(content))
            let offset = archive.count
            // Local header: version 2.0, no flags, stored, 1980-01-01 00:00.
            u32(0x0403_4B50, into: &archive)
            for field in [20, 0, 0, 0, 0x21] { u16(field, into: &archive) }
            for field in [crc, content.count, content.count] { u32(field, into: &archive) }
            u16(fileName.count, into: &archive)
            u16(0, into: &archive)
            archive += fileName + content
            // Central directory entry.
            u32(0x0201_4B50, into: &directory)
            for field in [20, 20, 0, 0, 0, 0x21] { u16(field, into: &directory) }
            for field in [crc, content.count, content.count] { u32(field, into: &directory) }
            for field in [fileName.count, 0, 0, 0, 0] { u16(field, into: &directory) }
            u32(0, into: &directory)
            u32(offset, into: &directory)
            directory += fileName
        }
        let directoryOffset = archive.count
        archive += directory
        u32(0x0605_4B50, into: &archive)
        for field in [0, 0, arrays.count, arrays.count] { u16(field, into: &archive) }
        u32(directory.count, into: &archive)
        u32(directoryOffset, into: &archive)
        u16(0, into: &archive)
        return archive
    }
}
