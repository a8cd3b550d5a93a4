extension Quantity {
    /// The sum; `other` is converted to this quantity's unit. Different dimensions throw
    /// ``QuantityError/Code/dimensionMismatch``, different shapes (other than a scalar with an array)
    /// ``QuantityError/Code/shapeMismatch``.
    public func adding(_ other: Quantity) throws(QuantityError) -> Quantity {
        try combined(other, operation: "add", symbol: "+", +)
    }

    /// The difference; same rules as ``adding(_:)``.
    public func subtracting(_ other: Quantity) throws(QuantityError) -> Quantity {
        try combined(other, operation: "subtract", symbol: "-", -)
    }

    /// The product, in the product of the units (`2 nS * 10 mV` is `20 nS*mV`; convert it with
    /// ``converted(to:)``). Different shapes (other than a scalar with an array) throw.
    public func multiplied(by other: Quantity) throws(QuantityError) -> Quantity {
        try elementwise(other, unit: unit * other.unit, operation: "multiply", *)
    }

    /// The quotient, in the quotient of the units.
    public func divided(by other: Quantity) throws(QuantityError) -> Quantity {
        try elementwise(other, unit: unit / other.unit, operation: "divide", /)
    }

    /// Whether the scalar is less than `other`; different dimensions or arrays throw.
    public func isLess(than other: Quantity) throws(QuantityError) -> Bool {
        try value(in: unit) < other.value(in: unit)
    }

    /// The quantity times a pure number.
    public func scaled(by factor: Double) -> Quantity {
        Quantity(unchecked: magnitudes.map { $0 * factor }, shape: shape, unit: unit)
    }

    init(unchecked magnitudes: [Double], shape: [Int], unit: PhysicalUnit) {
        self.magnitudes = magnitudes
        self.shape = shape
        self.unit = unit
    }

    private func combined(
        _ other: Quantity, operation: String, symbol: String, _ apply: (Double, Double) -> Double
    ) throws(QuantityError) -> Quantity {
        guard dimension == other.dimension else {
            throw QuantityError(
                code: .dimensionMismatch,
                message: "cannot \(operation) \(other) and \(self) (\(self) \(symbol) \(other)): \(unit.symbol) is \(dimension) but \(other.unit.symbol) is \(other.dimension); only quantities of one dimension can be added or subtracted")
        }
        let converted = try other.converted(to: unit)
        return try elementwise(converted, unit: unit, operation: operation, apply)
    }

    private func elementwise(
        _ other: Quantity, unit: PhysicalUnit, operation: String, _ apply: (Double, Double) -> Double
    ) throws(QuantityError) -> Quantity {
        if other.isScalar, let b = other.magnitudes.first {
            return Quantity(unchecked: magnitudes.map { apply($0, b) }, shape: shape, unit: unit)
        }
        if isScalar, let a = magnitudes.first {
            return Quantity(unchecked: other.magnitudes.map { apply(a, $0) }, shape: other.shape, unit: unit)
        }
        guard shape == other.shape else {
            throw QuantityError(code: .shapeMismatch, message: "cannot \(operation) arrays of shapes \(shape) and \(other.shape); use arrays of one shape or a scalar")
        }
        return Quantity(unchecked: zip(magnitudes, other.magnitudes).map(apply), shape: shape, unit: unit)
    }

    // MARK: Operators

    /// `try a + b`: see ``adding(_:)``.
    public static func + (lhs: Quantity, rhs: Quantity) throws(QuantityError) -> Quantity { try lhs.adding(rhs) }
    /// `try a - b`: see ``subtracting(_:)``.
    public static func - (lhs: Quantity, rhs: Quantity) throws(QuantityError) -> Quantity { try lhs.subtracting(rhs) }
    /// `try a * b`: see ``multiplied(by:)``.
    public static func * (lhs: Quantity, rhs: Quantity) throws(QuantityError) -> Quantity { try lhs.multiplied(by: rhs) }
    /// `try a / b`: see ``divided(by:)``.
    public static func / (lhs: Quantity, rhs: Quantity) throws(QuantityError) -> Quantity { try lhs.divided(by: rhs) }
    /// The negated quantity.
    public static prefix func - (operand: Quantity) -> Quantity { operand.scaled(by: -1) }
    /// A number times a quantity.
    public static func * (lhs: Double, rhs: Quantity) -> Quantity { rhs.scaled(by: lhs) }
    /// A quantity times a number.
    public static func * (lhs: Quantity, rhs: Double) -> Quantity { lhs.scaled(by: rhs) }
    /// A quantity divided by a number.
    public static func / (lhs: Quantity, rhs: Double) -> Quantity { lhs.scaled(by: 1 / rhs) }
}
