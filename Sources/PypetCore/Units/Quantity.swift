/// A number or an array of numbers with a unit: `-70 * .mV`, `[1, 2.5] * .ms`, `0.3 * .nS`.
///
/// The magnitudes are kept in the quantity's display ``unit``, so a quantity prints and stores as it was
/// written (`-70 mV`, not `-0.07 V`). Adding, subtracting and comparing need equal dimensions and throw
/// ``QuantityError`` otherwise (`try a + b`); multiplying and dividing combine the dimensions.
/// Quantities are trajectory values (``PypetValue/quantity(_:)``): parameters (scalars, explorable) and
/// results (scalars and arrays), stored as plain numbers with the unit symbol as an HDF5 attribute.
public struct Quantity: Sendable, Hashable, Codable {
    /// The magnitudes in ``unit``, row-major.
    public let magnitudes: [Double]
    /// The shape: `[]` for a scalar, `[n]` for a list of n values, more for N-dimensional arrays.
    public let shape: [Int]
    /// The display unit.
    public let unit: PhysicalUnit

    /// A scalar quantity.
    public init(_ value: Double, _ unit: PhysicalUnit) {
        magnitudes = [value]
        shape = []
        self.unit = unit
    }

    /// A one-dimensional array quantity.
    public init(_ values: [Double], _ unit: PhysicalUnit) {
        magnitudes = values
        shape = [values.count]
        self.unit = unit
    }

    /// An N-dimensional array quantity; the shape's product must equal the number of magnitudes.
    public init(magnitudes: [Double], shape: [Int], unit: PhysicalUnit) throws(QuantityError) {
        guard shape.allSatisfy({ $0 >= 0 }), shape.reduce(1, *) == magnitudes.count else {
            throw QuantityError(code: .shapeMismatch, message: "a quantity of shape \(shape) cannot hold \(magnitudes.count) values; give a shape whose product is the number of values")
        }
        self.magnitudes = magnitudes
        self.shape = shape
        self.unit = unit
    }

    /// Whether this is a single number.
    public var isScalar: Bool { shape.isEmpty }
    /// The number of values.
    public var count: Int { magnitudes.count }
    /// The physical dimension.
    public var dimension: PhysicalDimension { unit.dimension }

    /// The magnitudes in coherent SI units (`-70 mV` gives `-0.07`).
    public var siMagnitudes: [Double] { unit.scale == 1 ? magnitudes : magnitudes.map { $0 * unit.scale } }

    /// The scalar's magnitude in `unit`; another dimension throws ``QuantityError/Code/dimensionMismatch``,
    /// an array throws ``QuantityError/Code/shapeMismatch``.
    public func value(in unit: PhysicalUnit) throws(QuantityError) -> Double {
        guard isScalar, let first = magnitudes.first else {
            throw QuantityError(code: .shapeMismatch, message: "\(self) holds \(count) values; read them with values(in:)")
        }
        return try Self.convert(first, from: self.unit, to: unit, context: "\(self)")
    }

    /// The magnitudes in `unit`; another dimension throws ``QuantityError/Code/dimensionMismatch``.
    public func values(in unit: PhysicalUnit) throws(QuantityError) -> [Double] {
        if unit == self.unit { return magnitudes }
        var converted: [Double] = []
        converted.reserveCapacity(count)
        for magnitude in magnitudes { converted.append(try Self.convert(magnitude, from: self.unit, to: unit, context: "\(self)")) }
        return converted
    }

    /// The same quantity shown in `unit` (`(0.5 * .second).converted(to: .ms)` is `500 ms`).
    public func converted(to unit: PhysicalUnit) throws(QuantityError) -> Quantity {
        try Quantity(magnitudes: try values(in: unit), shape: shape, unit: unit)
    }

    /// Whether `other` has the same dimension (what a parameter's explored values must share).
    public func hasSameDimension(as other: Quantity) -> Bool { dimension == other.dimension }

    static func convert(_ magnitude: Double, from source: PhysicalUnit, to target: PhysicalUnit, context: @autoclosure () -> String) throws(QuantityError) -> Double {
        if source == target { return magnitude }
        guard source.dimension == target.dimension else {
            throw QuantityError(
                code: .dimensionMismatch,
                message: "\(context()) cannot be expressed in \(target.symbol): its dimension is \(source.dimension), \(target.symbol) is \(target.dimension)")
        }
        // Divide by the smaller ratio to keep exact values exact (0.5 s -> 500 ms).
        let ratio = source.scale / target.scale
        if ratio >= 1 { return magnitude * ratio.rounded(toSignificant: ratio) }
        return magnitude / (target.scale / source.scale).rounded(toSignificant: target.scale / source.scale)
    }
}

extension Double {
    /// A ratio of decimal scales such as 1000.0000000000001, snapped to the nearest integer when it is
    /// within rounding error of one.
    fileprivate func rounded(toSignificant value: Double) -> Double {
        let nearest = value.rounded()
        return nearest != 0 && abs(nearest - value) <= 1e-9 * nearest ? nearest : value
    }
}
