extension PypetValue: ExpressibleByBooleanLiteral {
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

extension PypetValue: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int) { self = .int(value) }
}

extension PypetValue: ExpressibleByFloatLiteral {
    public init(floatLiteral value: Double) { self = .double(value) }
}

extension PypetValue: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
}

extension PypetValue: ExpressibleByArrayLiteral {
    /// An array literal makes a ``PypetValue/list(_:)``.
    public init(arrayLiteral elements: PypetValue...) { self = .list(elements) }
}

extension PypetValue: ExpressibleByDictionaryLiteral {
    /// A dictionary literal makes a ``PypetValue/dictionary(_:)``; a repeated key keeps the last value.
    public init(dictionaryLiteral elements: (String, PypetValue)...) {
        self = .dictionary(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}
