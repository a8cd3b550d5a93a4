import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The run journal: `<file>.journal`, one framed record per committed run.
///
/// A record is `magic "PPJ1"`, the payload length (UInt32 LE), the payload's CRC-32 (UInt32 LE) and the
/// payload (a ``RunRecord`` in compact binary). A record counts once `write` returned (and
/// `fdatasync` did, with ``Durability/power``). Reading stops at the first short or bad record: a torn
/// tail from a crash is detected and cut off.
final class Journal {
    static let magic: [UInt8] = Array("PPJ1".utf8)
    static let headerSize = 12

    let path: String
    let durability: Durability
    private var descriptor: Int32

    init(path: String, durability: Durability) throws(StorageError) {
        self.path = path
        self.durability = durability
        descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw Self.systemError("cannot open the journal", path) }
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    /// Appends records with one write (and one `fdatasync` with ``Durability/power``); when this
    /// returns, their runs are committed.
    func append(_ records: [RunRecord]) throws(StorageError) {
        try writeAll(Self.frames(records.lazy.map { $0.encoded() }))
        if durability == .power, fdatasync(descriptor) != 0 {
            throw Self.systemError("fdatasync of the journal failed", path)
        }
    }

    /// Appends one record; when this returns, the run is committed.
    func append(_ record: RunRecord) throws(StorageError) {
        try append([record])
    }

    private func writeAll(_ bytes: [UInt8]) throws(StorageError) {
        try Self.writeAll(bytes, to: descriptor, path: path, what: "the journal")
    }

    /// Writes all of `bytes` to the open `descriptor` (of the file at `path`, named `what` in errors),
    /// continuing after short writes and interrupts.
    static func writeAll(_ bytes: [UInt8], to descriptor: Int32, path: String, what: String) throws(StorageError) {
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { raw in
                write(descriptor, raw.baseAddress.map { $0 + written }, bytes.count - written)
            }
            if result < 0 {
                if errno == EINTR { continue }
                throw systemError("cannot write " + what, path)
            }
            written += result
        }
    }

    /// The frames of `payloads`, one after another; a frame is magic, payload length, CRC-32, payload.
    static func frames(_ payloads: some Sequence<[UInt8]>) -> [UInt8] {
        var bytes: [UInt8] = []
        for payload in payloads { appendFrame(payload, to: &bytes) }
        return bytes
    }

    /// Appends the frame of `payload` to `bytes`.
    private static func appendFrame(_ payload: [UInt8], to bytes: inout [UInt8]) {
        bytes.append(contentsOf: magic)
        let length = UInt32(payload.count), checksum = CRC32.checksum(payload)
        // Least significant byte first: little-endian whatever the machine.
        for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: length >> UInt32(shift))) }
        for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: checksum >> UInt32(shift))) }
        bytes.append(contentsOf: payload)
    }

    /// The valid records of the journal at `path` and the length of its valid prefix.
    static func read(_ path: String) -> (records: [RunRecord], validLength: Int, totalLength: Int) {
        guard let bytes = readFile(path) else { return ([], 0, 0) }
        return parse(bytes)
    }

    /// The valid records of framed `bytes` (with `positions`, only the frames at those positions, counted
    /// from 0; the others are checked but not decoded) and the length of their valid prefix.
    static func parse(_ bytes: [UInt8], from start: Int = 0, only positions: Set<Int>? = nil) -> (records: [RunRecord], validLength: Int, totalLength: Int) {
        var records: [RunRecord] = []
        var position = 0
        let valid = walkFrames(bytes, from: start) { payload in
            defer { position += 1 }
            // Frames not asked for are checked (magic, length, CRC-32) but not decoded.
            if let positions, !positions.contains(position) { return true }
            guard let record = RunRecord.decode(bytes, range: payload) else { return false }
            records.append(record)
            return true
        }
        return (records, valid - start, bytes.count - start)
    }

    /// The valid frames of `bytes`, each with the run index its record holds, as they are (the frame
    /// bytes are not re-encoded).
    static func indexedFrames(_ bytes: [UInt8]) -> [(index: Int, frame: [UInt8])] {
        var frames: [(index: Int, frame: [UInt8])] = []
        _ = walkFrames(bytes) { payload in
            guard let record = RunRecord.decode(bytes, range: payload) else { return false }
            frames.append((record.index, Array(bytes[(payload.lowerBound - headerSize)..<payload.upperBound])))
            return true
        }
        return frames
    }

    /// The length of the valid prefix of framed `bytes` (magic, length and CRC-32 checked, payloads not
    /// decoded): for frames that are passed on as they are.
    static func validLength(_ bytes: [UInt8]) -> Int {
        walkFrames(bytes) { _ in true }
    }

    /// Walks the frames of `bytes` while magic, length and CRC-32 hold and `accept` takes the payload (its
    /// range in `bytes`); returns the length of the prefix walked.
    private static func walkFrames(_ bytes: [UInt8], from start: Int = 0, _ accept: (Range<Int>) -> Bool) -> Int {
        var offset = start
        while offset + headerSize <= bytes.count {
            guard bytes[offset] == magic[0], bytes[offset + 1] == magic[1], bytes[offset + 2] == magic[2], bytes[offset + 3] == magic[3]
            else { break }
            let length = Int(load(UInt32.self, bytes, offset + 4))
            let checksum = load(UInt32.self, bytes, offset + 8)
            let start = offset + headerSize
            guard length <= bytes.count - start else { break }
            let valid = bytes.withUnsafeBufferPointer { buffer in
                CRC32.checksum(UnsafeBufferPointer(rebasing: buffer[start..<(start + length)])) == checksum
            }
            guard valid, accept(start..<(start + length)) else { break }
            offset = start + length
        }
        return offset
    }

    /// Cuts a torn tail off the journal at `path`; returns how many bytes were dropped.
    @discardableResult
    static func recover(_ path: String) throws(StorageError) -> Int {
        let (_, valid, total) = read(path)
        guard valid < total else { return 0 }
        guard Glibc.truncate(path, off_t(valid)) == 0 else { throw systemError("cannot truncate the journal's torn tail", path) }
        return total - valid
    }

    /// The bytes of the file at `path` (read straight into the array); nil when it cannot be read.
    static func readFile(_ path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return nil }
        let size = Int(status.st_size)
        var failed = false
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            var filled = 0
            while filled < size, let base = buffer.baseAddress {
                let got = Glibc.read(descriptor, base + filled, size - filled)
                if got < 0, errno == EINTR { continue }
                guard got > 0 else { break }
                filled += got
            }
            failed = filled < size
            count = filled
        }
        return failed ? nil : bytes
    }

    private static func load<T: FixedWidthInteger>(_: T.Type, _ bytes: [UInt8], _ offset: Int) -> T {
        var value: T = 0
        for index in 0..<MemoryLayout<T>.size { value |= T(bytes[offset + index]) << (8 * index) }
        return value
    }

    static func systemError(_ message: String, _ path: String) -> StorageError {
        StorageError(code: .invalidFile, message: message + ": " + String(cString: strerror(errno)), file: path)
    }
}

/// How far a committed run is protected.
public enum Durability: Sendable, Hashable {
    /// Survives the process being killed (the journal record reached the kernel). The default.
    case process
    /// Survives power loss as well (`fdatasync` after every record; about 200 µs per run).
    case power
}
