/// Bytes read from a pipe, cut into frames: a little-endian `UInt32` length, then that many bytes.
struct FrameBuffer {
    /// The largest frame accepted (a longer length means the peer is not speaking this protocol).
    static let maximumFrame = 1 << 30

    private var bytes: [UInt8] = []
    private var start = 0

    /// Appends what was read.
    mutating func append(_ chunk: UnsafeRawBufferPointer) {
        if start > 0, start == bytes.count {
            bytes.removeAll(keepingCapacity: true)
            start = 0
        }
        bytes.append(contentsOf: chunk)
    }

    /// Whether bytes of an unfinished frame are waiting.
    var hasPartialFrame: Bool { start < bytes.count }

    /// The next complete frame's payload; nil when it has not fully arrived. Throws on a length no
    /// frame can have.
    mutating func next() throws(Malformed) -> [UInt8]? {
        guard bytes.count - start >= 4 else { return nil }
        var length = 0
        for offset in 0..<4 { length |= Int(bytes[start + offset]) << (8 * offset) }
        guard length <= Self.maximumFrame else { throw Malformed() }
        guard bytes.count - start - 4 >= length else { return nil }
        let payload = Array(bytes[(start + 4)..<(start + 4 + length)])
        start += 4 + length
        if start > 65536, start * 2 > bytes.count {
            bytes.removeFirst(start)
            start = 0
        }
        return payload
    }

    /// A frame that cannot be.
    struct Malformed: Error {}

    /// `payload` with its length in front.
    static func frame(_ payload: [UInt8]) -> [UInt8] {
        var framed: [UInt8] = []
        framed.reserveCapacity(payload.count + 4)
        withUnsafeBytes(of: UInt32(payload.count).littleEndian) { framed.append(contentsOf: $0) }
        framed.append(contentsOf: payload)
        return framed
    }
}
