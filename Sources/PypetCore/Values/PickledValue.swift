/// A Python object that pypet stored pickled (`PickleParameter`, `PickleResult`): swift-pypet cannot
/// unpickle it, so it keeps what the file says about it, the size of the pickle and the protocol it was
/// written with, and lists it as such instead of leaving it out.
public struct PickledValue: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The size of the pickle in bytes.
    public let byteCount: Int
    /// The pickle protocol the file records (`__pckl_prtcl__`), if it records one.
    public let pickleProtocol: Int?

    /// Describes a pickle of `byteCount` bytes written with protocol `pickleProtocol`.
    public init(byteCount: Int, pickleProtocol: Int?) {
        self.byteCount = byteCount
        self.pickleProtocol = pickleProtocol
    }

    /// `pickled, 24 bytes, protocol 2`.
    public var description: String {
        let size = byteCount == 1 ? "1 byte" : "\(byteCount) bytes"
        return "pickled, \(size), " + (pickleProtocol.map { "protocol \($0)" } ?? "protocol unknown")
    }
}
