public import PypetCore

/// A step of natural naming inside a run: `context.neuron` is a lookup for `neuron`, `context.neuron.gL`
/// one for `neuron.gL`; ``value(as:)`` resolves it (shortcuts allowed, the shallowest match wins).
@dynamicMemberLookup
public struct ParameterLookup {
    let context: RunContext
    /// The dotted path looked up so far.
    public let path: String

    /// One more component.
    public subscript(dynamicMember member: String) -> ParameterLookup {
        ParameterLookup(context: context, path: path + "." + member)
    }

    /// The value with this run's explored value, as a Swift type.
    public func value<T: PypetValueConvertible>(as type: T.Type = T.self) throws(TrajectoryError) -> T {
        try context.value(path, as: type)
    }

    /// The value as a ``PypetValue``.
    public var value: PypetValue {
        get throws(TrajectoryError) { try context[path] }
    }

    /// The full name the path resolves to.
    public var fullName: String {
        get throws(TrajectoryError) { try context.request.parameters.resolve(path) }
    }
}
