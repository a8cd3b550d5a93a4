internal import CHDF5

/// Raw deflate decompression with the zlib that libhdf5 links, for readers of compressed payloads
/// stored inside HDF5 files (the zip members of numpy `.npz` archives that pypet stores as text).
package enum RawInflate {
    /// The `count` bytes that the raw deflate stream `compressed` holds, or nil when the stream is corrupt
    /// or does not hold exactly `count` bytes.
    package static func inflate(_ compressed: ArraySlice<UInt8>, count: Int) -> [UInt8]? {
        guard count >= 0, compressed.count <= Int(UInt32.max), count <= Int(UInt32.max) else { return nil }
        if count == 0 { return [] }
        var output = [UInt8](repeating: 0, count: count)
        let status = compressed.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { out in
                guard let source = input.baseAddress, let target = out.baseAddress else { return Int32(-1) }
                return chdf5_inflate_raw(source, input.count, target, out.count)
            }
        }
        return status == 0 ? output : nil
    }
}
