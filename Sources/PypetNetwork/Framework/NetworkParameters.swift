public import PypetCore

/// The parameter values a component builds from: the run's values (explored ones included) during a
/// run, the trajectory's defaults during a pre-build.
public struct NetworkParameters {
    let lookup: (String) throws -> PypetValue
    /// The full names of the explored parameters.
    public let explored: Set<String>

    init(lookup: @escaping (String) throws -> PypetValue, explored: Set<String>) {
        self.lookup = lookup
        self.explored = explored
    }

    /// The value of a parameter by full name or shortcut.
    public subscript(_ name: String) -> PypetValue {
        get throws(NetworkError) {
            do {
                return try lookup(name)
            } catch {
                throw NetworkError(code: .trajectory, message: "cannot read the parameter: \(error)", item: name)
            }
        }
    }

    /// The value of a parameter as a Swift type (`Double`, `Int`, `Quantity`...).
    public func value<T: PypetValueConvertible>(_ name: String, as type: T.Type = T.self) throws(NetworkError) -> T {
        let value = try self[name]
        do {
            return try T(pypetValue: value)
        } catch {
            throw NetworkError(code: .trajectory, message: "the parameter holds a \(value.typeDescription), not a \(T.self)", item: name)
        }
    }

    /// Whether a parameter below `group` (such as `model` or `connections`) is explored: then elements
    /// depending on it cannot be pre-built.
    public func isExplored(below group: String) -> Bool {
        let prefix = "parameters." + group + "."
        return explored.contains { $0.hasPrefix(prefix) || $0 == "parameters." + group }
    }
}
