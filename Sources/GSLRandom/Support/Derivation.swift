/// Deterministic derivation of sub-stream keys.
///
/// The 64-bit derivation value of a seed and a key path `k1, ..., kn` is computed with the SplitMix64
/// finalizer `mix` (Steele, Lea and Flood 2014):
///
///     h = mix(seed)
///     for i in 1...n:  h = mix(h ^ mix(k_i &+ γ &* i))      // γ = 0x9E3779B97F4A7C15
///     value = mix(h ^ n)
///
/// Including the position `i` and the count `n` makes `(1, 2)`, `(2, 1)` and `(1, 2, 0)` different.
enum Derivation {
    static let gamma: UInt64 = 0x9E37_79B9_7F4A_7C15

    /// The SplitMix64 finalizer: a bijective 64-bit mixing function.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ gamma
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The derivation value of `seed` and `keys`.
    static func value(seed: UInt64, keys: [UInt64]) -> UInt64 {
        var h = mix(seed)
        for (index, key) in keys.enumerated() {
            h = mix(h ^ mix(key &+ gamma &* UInt64(index + 1)))
        }
        return mix(h ^ UInt64(keys.count))
    }

    /// A SplitMix64 sequence starting at `state`: the filler of derived Mersenne Twister states.
    struct SplitMix64 {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &+ Derivation.gamma
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
