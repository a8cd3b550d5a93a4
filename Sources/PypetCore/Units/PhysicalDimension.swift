/// The physical dimension of a quantity: the exponents of the seven SI base units
/// (metre, kilogram, second, ampere, kelvin, mole, candela).
///
/// Volts are `m^2 kg s^-3 A^-1`; a frequency is `s^-1`; a pure number is ``dimensionless``.
public struct PhysicalDimension: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The SI base unit symbols, in the order of ``exponents``.
    public static let baseSymbols = ["m", "kg", "s", "A", "K", "mol", "cd"]

    /// The exponents of metre, kilogram, second, ampere, kelvin, mole and candela.
    public let exponents: [Int]

    /// A dimension from base-unit exponents (missing trailing exponents are zero, extra ones ignored).
    public init(m: Int = 0, kg: Int = 0, s: Int = 0, A: Int = 0, K: Int = 0, mol: Int = 0, cd: Int = 0) {
        exponents = [m, kg, s, A, K, mol, cd]
    }

    init(exponents: [Int]) {
        var padded = Array(exponents.prefix(7))
        while padded.count < 7 { padded.append(0) }
        self.exponents = padded
    }

    /// A pure number.
    public static let dimensionless = PhysicalDimension()

    /// Whether every exponent is zero.
    public var isDimensionless: Bool { exponents.allSatisfy { $0 == 0 } }

    /// The dimension of a product.
    public static func * (lhs: PhysicalDimension, rhs: PhysicalDimension) -> PhysicalDimension {
        PhysicalDimension(exponents: zip(lhs.exponents, rhs.exponents).map { $0 + $1 })
    }

    /// The dimension of a quotient.
    public static func / (lhs: PhysicalDimension, rhs: PhysicalDimension) -> PhysicalDimension {
        PhysicalDimension(exponents: zip(lhs.exponents, rhs.exponents).map { $0 - $1 })
    }

    /// The dimension raised to an integer power.
    public func power(_ n: Int) -> PhysicalDimension { PhysicalDimension(exponents: exponents.map { $0 * n }) }

    /// The base units with their exponents, `kg*m^2*s^-3*A^-1` (`1` when dimensionless).
    public var description: String {
        // Kilogram first, as usually written, then the others in SI order.
        let order = [1, 0, 2, 3, 4, 5, 6]
        let factors = order.compactMap { index -> String? in
            let exponent = exponents[index]
            guard exponent != 0 else { return nil }
            return exponent == 1 ? Self.baseSymbols[index] : "\(Self.baseSymbols[index])^\(exponent)"
        }
        return factors.isEmpty ? "1" : factors.joined(separator: "*")
    }
}
