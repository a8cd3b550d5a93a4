/// The user-defined types a trajectory (and its loader) knows by name.
public struct CustomTypeRegistry: Sendable {
    private var types: [String: any PypetCustomValue.Type] = [:]

    /// A registry of `types`.
    public init(_ types: [any PypetCustomValue.Type] = []) {
        for type in types { self.types[type.typeName] = type }
    }

    /// Registers a type under its ``PypetCustomValue/typeName``.
    public mutating func register<T: PypetCustomValue>(_ type: T.Type) {
        types[T.typeName] = type
    }

    /// The registered type names, sorted.
    public var typeNames: [String] { types.keys.sorted() }

    /// Whether a type of that name is registered.
    public func contains(_ typeName: String) -> Bool { types[typeName] != nil }

    /// Rebuilds the value; an unregistered type name throws ``TrajectoryError/Code/notFound``.
    public func decode(_ value: CustomValue) throws(TrajectoryError) -> any PypetCustomValue {
        guard let type = types[value.typeName] else {
            throw TrajectoryError(
                code: .notFound, message: "no registered custom type '\(value.typeName)'; register it first",
                name: value.typeName)
        }
        return try Self.open(type, value)
    }

    private static func open<T: PypetCustomValue>(_ type: T.Type, _ value: CustomValue) throws(TrajectoryError) -> any PypetCustomValue {
        try value.decode(as: type)
    }
}
