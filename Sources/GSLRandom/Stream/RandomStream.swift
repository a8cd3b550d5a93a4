internal import CGSL
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A seeded stream of random numbers over one GSL generator (`gsl_rng`).
///
/// Every random draw of swift-pypet comes from a `RandomStream` owned by whoever draws. A stream is not
/// `Sendable` (GSL generators are not thread-safe): give each task, run or actor its own stream, derived
/// deterministically with ``init(seed:keys:algorithm:)`` or ``substream(_:)``.
///
/// ## Seeding
/// A root stream (`keys` empty) is seeded exactly as GSL seeds it (`gsl_rng_set`), so its numbers equal
/// those of a C program using the same generator and seed. Seeds are 32-bit, as GSL's generators use only
/// the low 32 bits; a larger seed throws rather than silently alias another seed. Seed 0 is GSL's default
/// seed 4357 for mt19937.
///
/// ## Sub-streams
/// A derived stream of `(seed, keys)`, such as `(seed, [generation, individual])` or `(seed, [runIndex])`,
/// is seeded from a 64-bit derivation value of the seed and the whole key path (SplitMix64 mixing; see the
/// GSLRandom documentation). For mt19937 the derivation value seeds a SplitMix64 sequence that fills the
/// generator's entire 19937-bit state, so distinct key paths give distinct, independent-looking streams
/// with no 32-bit seed collisions; taus and taus2 get their three 32-bit components from it the same way;
/// other generators are seeded with `gsl_rng_set(value)`. Derivation never
/// draws from a parent stream: `substream` of a stream depends only on its seed and key path, never on how
/// many numbers it has produced. Hence results do not depend on scheduling order.
public final class RandomStream {
    /// The generator algorithm.
    public let algorithm: RandomAlgorithm
    /// The seed the stream (or its root) was created with.
    public let seed: UInt64
    /// The key path this stream was derived with; empty for a root stream.
    public let keys: [UInt64]
    let generator: UnsafeMutablePointer<gsl_rng>
    /// `gsl_rng_max - gsl_rng_min`, and whether raw draws are exactly 32 uniform bits.
    let range: UInt
    let rawIs32Bits: Bool
    /// The widest power of two `2^b` with `2^b <= range` (at most 32): the chunk width of ``next()``.
    var chunkBits: Int { min(32, max(1, UInt64(range).bitWidth - UInt64(range).leadingZeroBitCount - 1)) }

    /// A root stream of `algorithm` seeded with `seed` (`gsl_rng_set`).
    public convenience init(seed: UInt64, algorithm: RandomAlgorithm = .mt19937) throws(RandomStreamError) {
        try self.init(seed: seed, keys: [], algorithm: algorithm)
    }

    /// A stream derived from `seed` and the key path `keys` (a root stream when `keys` is empty).
    public init(seed: UInt64, keys: [UInt64], algorithm: RandomAlgorithm = .mt19937) throws(RandomStreamError) {
        guard seed <= UInt64(UInt32.max) else {
            throw RandomStreamError(
                code: .invalidArgument, message: "seed \(seed) exceeds 32 bits; use keys to derive more streams",
                algorithm: algorithm.name)
        }
        let generator = try Self.allocate(algorithm)
        if keys.isEmpty {
            gsl_rng_set(generator, UInt(seed))
        } else {
            Self.seedDerived(generator, value: Derivation.value(seed: seed, keys: keys), algorithm: algorithm)
        }
        self.algorithm = algorithm
        self.seed = seed
        self.keys = keys
        self.generator = generator
        (range, rawIs32Bits) = Self.rangeInfo(generator)
    }

    /// A stream continuing exactly from a saved state.
    ///
    /// Throws ``RandomStreamError/Code/unknownAlgorithm`` for a generator name GSL does not know and
    /// ``RandomStreamError/Code/stateSizeMismatch`` when the bytes are not that generator's state size.
    public init(restoring state: RandomStreamState) throws(RandomStreamError) {
        let algorithm = RandomAlgorithm(name: state.algorithm)
        let generator = try Self.allocate(algorithm)
        let size = gsl_rng_size(generator)
        guard state.bytes.count == size else {
            gsl_rng_free(generator)
            throw RandomStreamError(
                code: .stateSizeMismatch,
                message: "state has \(state.bytes.count) bytes; \(algorithm.name) needs \(size)",
                algorithm: algorithm.name)
        }
        state.bytes.withUnsafeBytes { bytes in
            if let source = bytes.baseAddress, let target = gsl_rng_state(generator) {
                target.copyMemory(from: source, byteCount: size)
            }
        }
        self.algorithm = algorithm
        self.seed = state.seed
        self.keys = state.keys
        self.generator = generator
        (range, rawIs32Bits) = Self.rangeInfo(generator)
    }

    deinit {
        gsl_rng_free(generator)
    }

    /// The sub-stream of this stream's seed and key path extended by `keys`. It depends only on
    /// ``seed``, ``keys`` and the new keys, not on this stream's position.
    public func substream(_ keys: UInt64...) throws(RandomStreamError) -> RandomStream {
        try substream(keys: keys)
    }

    /// The sub-stream of this stream's seed and key path extended by `keys`.
    public func substream(keys: [UInt64]) throws(RandomStreamError) -> RandomStream {
        try RandomStream(seed: seed, keys: self.keys + keys, algorithm: algorithm)
    }

    /// The GSL name of the generator in use (`gsl_rng_name`).
    public var generatorName: String { String(cString: gsl_rng_name(generator)) }

    /// The next raw output of the generator (`gsl_rng_get`), in `gsl_rng_min ... gsl_rng_max`.
    public func nextRaw() -> UInt {
        gsl_rng_get(generator)
    }

    // MARK: Internal

    private static func allocate(_ algorithm: RandomAlgorithm) throws(RandomStreamError) -> UnsafeMutablePointer<gsl_rng> {
        _ = GSL.setUp
        guard let type = GSL.type(named: algorithm.name) else {
            throw RandomStreamError(
                code: .unknownAlgorithm, message: "GSL has no generator named '\(algorithm.name)'",
                algorithm: algorithm.name)
        }
        guard let generator = gsl_rng_alloc(type) else {
            throw RandomStreamError(code: .allocationFailed, message: "gsl_rng_alloc failed", algorithm: algorithm.name)
        }
        return generator
    }

    /// The Mersenne Twister state: 624 words (`unsigned long`) and the position `mti`.
    private static let mtWords = 624

    private static func seedDerived(_ generator: UnsafeMutablePointer<gsl_rng>, value: UInt64, algorithm: RandomAlgorithm) {
        let wordSize = MemoryLayout<UInt>.size
        let stateSize = gsl_rng_size(generator)
        if algorithm.name == "mt19937", stateSize >= mtWords * wordSize + MemoryLayout<Int32>.size,
            let state = gsl_rng_state(generator)
        {
            var filler = Derivation.SplitMix64(state: value)
            var allZero = true
            for index in 0..<mtWords {
                let word = UInt(truncatingIfNeeded: filler.next() & 0xFFFF_FFFF)
                allZero = allZero && word == 0
                state.storeBytes(of: word, toByteOffset: index * wordSize, as: UInt.self)
            }
            if allZero { state.storeBytes(of: UInt(0x8000_0000), toByteOffset: 0, as: UInt.self) }
            // mti = 624: the next draw regenerates the whole block from the filled state.
            state.storeBytes(of: Int32(mtWords), toByteOffset: mtWords * wordSize, as: Int32.self)
        } else if algorithm.name == "taus2" || algorithm.name == "taus", stateSize >= 3 * wordSize, let state = gsl_rng_state(generator) {
            // The three 32-bit components from the derivation value (GSL's own seeding draws them from a
            // 32-bit LCG of the seed, so two key paths could share a stream), each above the minimum the
            // generator needs, then GSL's warm-up of six draws.
            var filler = Derivation.SplitMix64(state: value)
            for (index, minimum) in [UInt(2), 8, 16].enumerated() {
                var word = UInt(truncatingIfNeeded: filler.next() & 0xFFFF_FFFF)
                if word < minimum { word += minimum }
                state.storeBytes(of: word, toByteOffset: index * wordSize, as: UInt.self)
            }
            for _ in 0..<6 { _ = gsl_rng_get(generator) }
        } else {
            gsl_rng_set(generator, UInt(truncatingIfNeeded: value))
        }
    }

    private static func rangeInfo(_ generator: UnsafeMutablePointer<gsl_rng>) -> (UInt, Bool) {
        let low = gsl_rng_min(generator), high = gsl_rng_max(generator)
        return (high - low, low == 0 && high == UInt(UInt32.max))
    }
}
