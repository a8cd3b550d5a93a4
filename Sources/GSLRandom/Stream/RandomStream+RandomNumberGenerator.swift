internal import CGSL

extension RandomStream: RandomNumberGenerator {
    /// 64 uniformly distributed bits: two 32-bit draws (high word first) for generators whose raw output
    /// is exactly 32 bits (mt19937, taus2, ranlxd2), otherwise assembled from unbiased draws of as many
    /// bits as the generator's range allows.
    /// Lets Swift's own APIs (`Double.random(in:using:)`, `shuffled(using:)`) draw from this stream.
    public func next() -> UInt64 {
        if rawIs32Bits {
            let high = UInt64(gsl_rng_get(generator))
            let low = UInt64(gsl_rng_get(generator))
            return high << 32 | low
        }
        let width = chunkBits
        var value: UInt64 = 0
        var filled = 0
        while filled < 64 {
            value = value &<< UInt64(width) | uniformIndex(below: 1 << UInt64(width))
            filled += width
        }
        return value
    }

    /// An unbiased integer in `0..<n`, `1 ... n ≤ range` (`gsl_rng_uniform_int`), or by rejection on
    /// 64-bit draws for larger `n`. `n == 0` means 2^64.
    func uniformIndex(below n: UInt64) -> UInt64 {
        if n != 0, n <= UInt64(range) {
            return UInt64(gsl_rng_uniform_int(generator, UInt(n)))
        }
        if n == 0 { return next() }
        // Rejection: accept x below the largest multiple of n that fits in 2^64.
        let limit = UInt64.max - (UInt64.max % n + 1) % n
        while true {
            let x = next()
            if x <= limit { return x % n }
        }
    }
}
