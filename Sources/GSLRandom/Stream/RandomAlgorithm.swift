internal import CGSL

/// A GSL random number generator algorithm, by its GSL name (`gsl_rng_name`).
///
/// Any name GSL knows is accepted (``available`` lists them); an unknown one makes stream creation throw
/// ``RandomStreamError/Code/unknownAlgorithm``.
public struct RandomAlgorithm: Sendable, Hashable, CustomStringConvertible {
    /// The GSL name, such as `mt19937`.
    public let name: String

    /// An algorithm by GSL name.
    public init(name: String) { self.name = name }

    /// The Mersenne Twister MT19937 (GSL's default generator). The default of this module.
    public static let mt19937 = RandomAlgorithm(name: "mt19937")
    /// Lüscher's RANLUX in double precision, luxury level 2: slower, of the highest statistical quality.
    public static let ranlxd2 = RandomAlgorithm(name: "ranlxd2")
    /// L'Ecuyer's maximally equidistributed combined Tausworthe generator: small state, fast.
    public static let taus2 = RandomAlgorithm(name: "taus2")

    /// The names of every generator the linked GSL provides.
    public static var available: [String] {
        GSL.types().map(\.name)
    }

    public var description: String { name }
}

/// Process-wide GSL setup and lookups.
enum GSL {
    /// Turns GSL's abort-on-error handler off once: errors must come back as values, not abort the process.
    static let setUp: Void = {
        _ = gsl_set_error_handler_off()
    }()

    /// Every generator type with its name.
    static func types() -> [(name: String, type: UnsafePointer<gsl_rng_type>)] {
        _ = setUp
        var result: [(String, UnsafePointer<gsl_rng_type>)] = []
        guard let list = gsl_rng_types_setup() else { return [] }
        var index = 0
        while let type = list[index] {
            result.append((String(cString: type.pointee.name), type))
            index += 1
        }
        return result
    }

    /// The generator type named `name`.
    static func type(named name: String) -> UnsafePointer<gsl_rng_type>? {
        if name == "mt19937" { return cgsl_rng_mt19937() }
        return types().first { $0.name == name }?.type
    }
}
