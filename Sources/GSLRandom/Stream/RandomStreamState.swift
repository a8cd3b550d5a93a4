/// A saved random stream: the generator's name and its exact internal state.
///
/// Restoring it (``RandomStream/init(restoring:)``) continues the sequence exactly where it was saved.
/// The bytes are GSL's in-memory state struct, so they are portable between 64-bit Linux and macOS
/// builds (LP64) but not to 32-bit or Windows builds; store ``algorithm`` beside them, as
/// ``RandomStream/state`` does. ``seed`` and ``keys`` are the stream's lineage, kept so that
/// ``RandomStream/substream(_:)`` gives the same sub-streams after a restore.
public struct RandomStreamState: Sendable, Hashable {
    /// The GSL generator name, such as `mt19937`.
    public var algorithm: String
    /// The generator's state bytes (`gsl_rng_state`, `gsl_rng_size` of them: 5000 for mt19937).
    public var bytes: [UInt8]
    /// The seed the stream was created from.
    public var seed: UInt64
    /// The sub-stream key path the stream was derived with (empty for a root stream).
    public var keys: [UInt64]

    /// Creates a state.
    public init(algorithm: String, bytes: [UInt8], seed: UInt64, keys: [UInt64]) {
        self.algorithm = algorithm
        self.bytes = bytes
        self.seed = seed
        self.keys = keys
    }
}
