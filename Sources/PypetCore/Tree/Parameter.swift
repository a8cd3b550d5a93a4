/// A parameter: a default value and, once explored, a range with one value per run.
///
/// Reading ``value`` locks the parameter (as pypet does): a value a run has seen cannot change under it.
/// ``setValue(_:)`` on a locked parameter throws ``TrajectoryError/Code/locked``; ``unlock()`` lifts it.
/// Parameters hold scalars, non-empty ``NDArray`` arrays, non-empty lists of one scalar type, and custom
/// values; a new value must have the type of the default.
public final class Parameter: LeafNode {
    /// The default value, used outside runs and in runs of unexplored parameters.
    public private(set) var defaultValue: PypetValue
    /// The explored values, one per run; empty when the parameter is not explored.
    public private(set) var range: [PypetValue] = []
    /// Whether the parameter is locked.
    public private(set) var isLocked = false
    /// The run whose value ``value`` shows, set by the trajectory.
    var runIndex: Int?

    init(name: String, value: PypetValue, comment: String) throws(TrajectoryError) {
        guard value.isParameterValue else {
            throw .invalidValue(
                "a parameter holds a scalar, a non-empty array or a non-empty list of one scalar type, not \(value.typeDescription)",
                name: name)
        }
        defaultValue = value
        super.init(name: name, comment: comment)
    }

    /// Whether the parameter is explored.
    public var isExplored: Bool { !range.isEmpty }

    /// The value in the current run (its explored value), or the default; reading it locks the parameter.
    public var value: PypetValue {
        isLocked = true
        return peek()
    }

    /// The value with its type checked; reading it locks the parameter.
    public override func value<T: PypetValueConvertible>(as type: T.Type = T.self) throws(TrajectoryError) -> T {
        do {
            return try T(pypetValue: value)
        } catch {
            throw TrajectoryError(code: error.code, message: error.message, name: fullName)
        }
    }

    /// The current value without locking.
    public func peek() -> PypetValue {
        if let runIndex, runIndex < range.count { return range[runIndex] }
        return defaultValue
    }

    /// Changes the default value. Throws ``TrajectoryError/Code/locked`` when locked,
    /// ``TrajectoryError/Code/typeMismatch`` for another type, and
    /// ``TrajectoryError/Code/explorationMismatch`` when the parameter is explored.
    public func setValue(_ newValue: PypetValue) throws(TrajectoryError) {
        guard !isLocked else {
            throw TrajectoryError(code: .locked, message: "parameter is locked; unlock it to change it", name: fullName)
        }
        guard !isExplored else {
            throw TrajectoryError(code: .explorationMismatch, message: "an explored parameter's default cannot change", name: fullName)
        }
        try checkType(newValue)
        defaultValue = newValue
    }

    /// Changes the default value from a Swift value.
    public func setValue<T: PypetValueConvertible>(_ newValue: T) throws(TrajectoryError) {
        try setValue(newValue.pypetValue)
    }

    /// Locks the parameter.
    public func lock() { isLocked = true }

    /// Unlocks the parameter.
    public func unlock() { isLocked = false }

    // MARK: Internal

    func checkType(_ candidate: PypetValue) throws(TrajectoryError) {
        guard candidate.hasSameType(as: defaultValue), candidate.isParameterValue else {
            throw .typeMismatch(
                "a \(candidate.typeDescription) value does not match the parameter's type \(defaultValue.typeDescription)",
                name: fullName)
        }
    }

    func appendRange(_ values: [PypetValue]) {
        range.append(contentsOf: values)
    }

    func replaceRange(_ values: [PypetValue]) {
        range = values
    }

    func replaceDefault(_ value: PypetValue) {
        defaultValue = value
    }
}
