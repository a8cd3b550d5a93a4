/// A user-defined value type that trajectories can hold, registered by name so that a loader can rebuild
/// it (pypet's `dynamic_imports`).
///
/// Conform a `Codable` type and give it a stable ``typeName``; wrap values with
/// ``PypetValue/custom(_:)`` (or ``CustomValue/init(_:)``); register the type in a
/// ``CustomTypeRegistry`` wherever values must be decoded without knowing their type statically.
public protocol PypetCustomValue: Codable, Sendable, Equatable {
    /// The stable name stored with every value of this type, such as `"NeuronModel"`.
    static var typeName: String { get }
}
