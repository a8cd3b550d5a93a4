/// A unit of measurement: a symbol, its size in coherent SI units and its ``PhysicalDimension``.
///
/// Named units (``mV``, ``ms``, ``nS``, ``pA``, ``Hz``...) are static members, so quantities read like
/// physics: `-70 * .mV`, `0.5 * .second`, `[1, 2, 3] * .ms`. Units multiply and divide into compound
/// units (`.mV / .ms`), and a symbol read from a file becomes a unit again with ``init(symbol:)``.
public struct PhysicalUnit: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The symbol written after numbers and stored in files: `mV`, `nS`, `mV/ms`, `kg*m^2*s^-3*A^-1`.
    public let symbol: String
    /// The size of one unit in coherent SI units (`0.001` for `mV`).
    public let scale: Double
    /// The physical dimension.
    public let dimension: PhysicalDimension

    /// A unit of `symbol` worth `scale` coherent SI units of `dimension`.
    public init(symbol: String, scale: Double, dimension: PhysicalDimension) {
        self.symbol = symbol
        self.scale = scale
        self.dimension = dimension
    }

    public var description: String { symbol }

    /// The unit a symbol names: a named unit (``catalog``), a base unit, or a product and quotient of
    /// them with integer powers (`mV/ms`, `nS*mV`, `kg*m^2*s^-3*A^-1`). An empty symbol or `1` is
    /// ``one``. Anything else throws ``QuantityError/Code/unknownUnit``.
    public init(symbol: String) throws(QuantityError) {
        let trimmed = symbol.trimmingCharacters(in: " ")
        if trimmed.isEmpty || trimmed == "1" { self = .one; return }
        if let named = Self.bySymbol[trimmed] { self = named; return }
        var scale = 1.0
        var dimension = PhysicalDimension.dimensionless
        var factor = ""
        var dividing = false
        func take() throws(QuantityError) {
            let parts = factor.split(separator: "^", omittingEmptySubsequences: false)
            guard (1...2).contains(parts.count), let base = Self.bySymbol[String(parts[0])] else {
                throw QuantityError(code: .unknownUnit, message: "unit symbol '\(symbol)': '\(factor)' is not a known unit; use a symbol such as mV, ms, nS, pA, Hz or a product of them like mV/ms")
            }
            var exponent = 1
            if parts.count == 2 {
                guard let parsed = Int(parts[1]) else {
                    throw QuantityError(code: .unknownUnit, message: "unit symbol '\(symbol)': the power in '\(factor)' is not an integer")
                }
                guard abs(parsed) <= 64 else {
                    throw QuantityError(code: .unknownUnit, message: "unit symbol '\(symbol)': the power \(parsed) in '\(factor)' is out of range (at most 64)")
                }
                exponent = parsed
            }
            dimension = dimension * base.dimension.power(dividing ? -exponent : exponent)
            // Divide rather than multiply by an inverse, as `/` between units does, so scales match bit for bit.
            if (exponent < 0) != dividing {
                scale /= Self.power(base.scale, abs(exponent))
            } else {
                scale *= Self.power(base.scale, abs(exponent))
            }
            factor = ""
        }
        for character in trimmed {
            if character == "*" || character == "/" {
                try take()
                dividing = character == "/"
            } else if character != " " {
                factor.append(character)
            }
        }
        try take()
        self.init(symbol: trimmed, scale: scale, dimension: dimension)
    }

    /// A number times a unit: `-70 * .mV`.
    public static func * (lhs: Double, rhs: PhysicalUnit) -> Quantity { Quantity(lhs, rhs) }
    /// Numbers times a unit: `[1, 2] * .ms`.
    public static func * (lhs: [Double], rhs: PhysicalUnit) -> Quantity { Quantity(lhs, rhs) }

    /// The product unit (`nS*mV`).
    public static func * (lhs: PhysicalUnit, rhs: PhysicalUnit) -> PhysicalUnit {
        if lhs == .one { return rhs }
        if rhs == .one { return lhs }
        return PhysicalUnit(symbol: lhs.symbol + "*" + rhs.symbol, scale: lhs.scale * rhs.scale, dimension: lhs.dimension * rhs.dimension)
    }

    /// The quotient unit (`mV/ms`).
    public static func / (lhs: PhysicalUnit, rhs: PhysicalUnit) -> PhysicalUnit {
        if rhs == .one { return lhs }
        let right = rhs.symbol.contains("*") || rhs.symbol.contains("/") ? rhs.symbol.replacingSeparators() : rhs.symbol
        return PhysicalUnit(symbol: (lhs == .one ? "1" : lhs.symbol) + "/" + right, scale: lhs.scale / rhs.scale, dimension: lhs.dimension / rhs.dimension)
    }

    /// The coherent SI unit of a dimension: a named one when there is one (`V`, `S`, `Hz`), else the
    /// product of base units.
    public static func coherent(_ dimension: PhysicalDimension) -> PhysicalUnit {
        if let named = catalog.first(where: { $0.scale == 1 && $0.dimension == dimension }) { return named }
        return PhysicalUnit(symbol: dimension.description, scale: 1, dimension: dimension)
    }

    static func power(_ base: Double, _ exponent: Int) -> Double {
        var result = 1.0
        for _ in 0..<abs(exponent) { result *= base }
        return exponent < 0 ? 1 / result : result
    }

    static let bySymbol: [String: PhysicalUnit] = {
        var table: [String: PhysicalUnit] = [:]
        for unit in catalog { table[unit.symbol] = unit }
        return table
    }()
}

extension String {
    /// `a*b/c` as a divisor: `a/b*c` becomes `a^-1...`; written with inverted powers so that `x/(a*b)`
    /// needs no parentheses.
    fileprivate func replacingSeparators() -> String {
        // Every factor of the divisor is divided: x / (a*b) = x/a/b, x / (a/b) = x/a*b.
        var out = ""
        for character in self {
            switch character {
            case "*": out.append("/")
            case "/": out.append("*")
            default: out.append(character)
            }
        }
        return out
    }

    fileprivate func trimmingCharacters(in set: Character) -> String {
        var slice = Substring(self)
        while slice.first == set { slice.removeFirst() }
        while slice.last == set { slice.removeLast() }
        return String(slice)
    }
}
