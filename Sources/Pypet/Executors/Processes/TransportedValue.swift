package import PypetCore

/// A job's return value as it came back from a worker process: the ``PypetValue`` the worker made of it
/// (nil when the job returned nothing storable), turned back into the job's type where the environment
/// hands values to the program.
package struct TransportedValue: Sendable {
    package var value: PypetValue?

    package init(value: PypetValue?) {
        self.value = value
    }

    /// The value as `T`: `()` for jobs that return nothing, a ``PypetValue`` as it is, any
    /// ``PypetValueConvertible`` type through its conversion; nil otherwise.
    package func decoded<T>(as type: T.Type) -> T? {
        if T.self == Void.self { return () as? T }
        guard let value else { return nil }
        if let same = value as? T { return same }
        if let convertible = T.self as? any PypetValueConvertible.Type, let converted = try? convertible.init(pypetValue: value) {
            return converted as? T
        }
        return nil
    }

    /// Whether values of type `T` can come back from a worker process.
    package static func canCarry<T>(_ type: T.Type) -> Bool {
        T.self == Void.self || T.self == PypetValue.self || T.self is any PypetValueConvertible.Type
    }
}
