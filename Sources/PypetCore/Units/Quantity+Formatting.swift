extension Quantity: CustomStringConvertible {
    /// `-70 mV`, `0.5 s`, `[1, 2.5] ms`; a dimensionless quantity has no unit.
    public var description: String {
        let suffix = unit == .one ? "" : " " + unit.symbol
        if isScalar, let value = magnitudes.first { return Self.format(value) + suffix }
        let shown = magnitudes.prefix(8).map(Self.format).joined(separator: ", ")
        return "[" + shown + (count > 8 ? ", ... (\(count) values)" : "") + "]" + suffix
    }

    /// A number as people write it: `-70`, `0.5`, `1e-05`.
    static func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return "\(value)"
    }
}
