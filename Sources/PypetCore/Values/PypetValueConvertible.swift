public import ComplexModule

/// A Swift type that converts to and from ``PypetValue``: how values go into a trajectory and how they
/// are extracted with their type checked.
///
/// Conversions are strict, like pypet's type conservation: an `.int` is not a `Double`, a `.double` is not
/// a `Float`. A mismatch throws ``TrajectoryError/Code/typeMismatch`` naming both types.
public protocol PypetValueConvertible {
    /// Extracts a value, or throws ``TrajectoryError/Code/typeMismatch``.
    init(pypetValue: PypetValue) throws(TrajectoryError)
    /// The value as a ``PypetValue``.
    var pypetValue: PypetValue { get }
}

extension PypetValueConvertible {
    static func mismatch(_ value: PypetValue) -> TrajectoryError {
        .typeMismatch("a \(value.typeDescription) value cannot be read as \(Self.self)")
    }
}

extension PypetValue: PypetValueConvertible {
    public init(pypetValue: PypetValue) { self = pypetValue }
    public var pypetValue: PypetValue { self }
}

extension Bool: PypetValueConvertible {
    public init(pypetValue: PypetValue) throws(TrajectoryError) {
        guard case .bool(let v) = pypetValue else { throw Self.mismatch(pypetValue) }
        self = v
    }
    public var pypetValue: PypetValue { .bool(self) }
}

extension Int: PypetValueConvertible {
    public init(pypetValue: PypetValue) throws(TrajectoryError) {
        guard case .int(let v) = pypetValue else { throw Self.mismatch(pypetValue) }
        self = v
    }
    public var pypetValue: PypetValue { .int(self) }
}

extension Double: PypetValueConvertible {
    public init(pypetValue: PypetValue) throws(TrajectoryError) {
        guard case .double(let v) = pypetValue else { throw Self.mismatch(pypetValue) }
        self = v
    }
    public var pypetValue: PypetValue { .double(self) }
}

extension Float: PypetValueConvertible {
    public init(pypetValue: PypetValue) throws(TrajectoryError) {
        guard case .float(let v) = pypetValue else { throw Self.mismatch(pypetValue) }
        self = v
    }
    public var pypetValue: PypetValue { .float(self) }
}

extension String: PypetValueConvertible {
    public init(pypetValue: PypetValue) throws(TrajectoryError) {
        guard case .string(let v) = pypetValue else { throw Self.mismatch(pypetValue) }
        self = v
    }
    public var pypetValue: PypetValue { .string(self) }
}

extension Complex: PypetValueConvertible where RealType == Double {
    public init(pypetValue: PypetValue) throws(TrajectoryError) {
        guard case .complex(let v) = pypetValue else { throw Self.mismatch(pypetValue) }
        self = v
    }
    public var pypetValue: PypetValue { .complex(self) }
}

extension NDArray: PypetValueConvertible {
    public init(pypetValue: PypetValue) throws(TrajectoryError) {
        guard case .array(let v) = pypetValue else { throw Self.mismatch(pypetValue) }
        self = v
    }
    public var pypetValue: PypetValue { .array(self) }
}

extension DataTable: PypetValueConvertible {
    public init(pypetValue: PypetValue) throws(TrajectoryError) {
        guard case .table(let v) = pypetValue else { throw Self.mismatch(pypetValue) }
        self = v
    }
    public var pypetValue: PypetValue { .table(self) }
}

extension SparseMatrix: PypetValueConvertible {
    public init(pypetValue: PypetValue) throws(TrajectoryError) {
        guard case .sparse(let v) = pypetValue else { throw Self.mismatch(pypetValue) }
        self = v
    }
    public var pypetValue: PypetValue { .sparse(self) }
}

extension Array: PypetValueConvertible where Element: PypetValueConvertible {
    /// A list; each element converts strictly.
    public init(pypetValue: PypetValue) throws(TrajectoryError) {
        guard case .list(let values) = pypetValue else { throw Self.mismatch(pypetValue) }
        var result: [Element] = []
        result.reserveCapacity(values.count)
        for value in values { result.append(try Element(pypetValue: value)) }
        self = result
    }
    public var pypetValue: PypetValue { .list(map(\.pypetValue)) }
}

extension Dictionary: PypetValueConvertible where Key == String, Value: PypetValueConvertible {
    /// A flat dictionary; each value converts strictly.
    public init(pypetValue: PypetValue) throws(TrajectoryError) {
        guard case .dictionary(let entries) = pypetValue else { throw Self.mismatch(pypetValue) }
        var result: [String: Value] = [:]
        for (key, value) in entries { result[key] = try Value(pypetValue: value) }
        self = result
    }
    public var pypetValue: PypetValue { .dictionary(mapValues(\.pypetValue)) }
}

extension CustomValue: PypetValueConvertible {
    public init(pypetValue: PypetValue) throws(TrajectoryError) {
        guard case .custom(let v) = pypetValue else { throw Self.mismatch(pypetValue) }
        self = v
    }
    public var pypetValue: PypetValue { .custom(self) }
}

extension Quantity: PypetValueConvertible {
    public init(pypetValue: PypetValue) throws(TrajectoryError) {
        guard case .quantity(let v) = pypetValue else { throw Self.mismatch(pypetValue) }
        self = v
    }
    public var pypetValue: PypetValue { .quantity(self) }
}
