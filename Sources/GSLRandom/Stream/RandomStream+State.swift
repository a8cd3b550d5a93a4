internal import CGSL

extension RandomStream {
    /// A snapshot of the stream: generator name, state bytes and lineage (`gsl_rng_state`).
    public var state: RandomStreamState {
        let size = gsl_rng_size(generator)
        var bytes = [UInt8](repeating: 0, count: size)
        if let source = gsl_rng_state(generator) {
            bytes.withUnsafeMutableBytes { $0.baseAddress?.copyMemory(from: source, byteCount: size) }
        }
        return RandomStreamState(algorithm: algorithm.name, bytes: bytes, seed: seed, keys: keys)
    }

    /// Sets this stream's generator to a saved state of the same generator. A state of another generator
    /// throws ``RandomStreamError/Code/algorithmMismatch``; bytes of the wrong size throw
    /// ``RandomStreamError/Code/stateSizeMismatch``. The stream's lineage (seed, keys) is unchanged.
    public func restore(_ saved: RandomStreamState) throws(RandomStreamError) {
        guard saved.algorithm == algorithm.name else {
            throw RandomStreamError(
                code: .algorithmMismatch,
                message: "state of \(saved.algorithm) cannot be restored into a \(algorithm.name) stream",
                algorithm: algorithm.name)
        }
        let size = gsl_rng_size(generator)
        guard saved.bytes.count == size else {
            throw RandomStreamError(
                code: .stateSizeMismatch, message: "state has \(saved.bytes.count) bytes; \(algorithm.name) needs \(size)",
                algorithm: algorithm.name)
        }
        saved.bytes.withUnsafeBytes { bytes in
            if let source = bytes.baseAddress, let target = gsl_rng_state(generator) {
                target.copyMemory(from: source, byteCount: size)
            }
        }
    }

    /// The linked GSL's version, such as `2.7.1`.
    public static var gslVersion: String { String(cString: cgsl_version()) }
}
