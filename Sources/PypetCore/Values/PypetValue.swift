public import ComplexModule
public import RealModule

/// Every value a trajectory holds: parameter defaults and ranges, result items, annotations.
///
/// Integers are 64-bit and never truncated. Parameters take scalars, ``NDArray`` arrays and lists of one
/// scalar type (see ``isParameterValue``); results take everything.
public indirect enum PypetValue: Sendable, Hashable {
    case bool(Bool)
    case int(Int)
    case double(Double)
    case float(Float)
    case complex(Complex<Double>)
    case string(String)
    /// An N-dimensional array with a shape.
    case array(NDArray)
    /// A list of scalars of one type (`COLL_LIST` in pypet's files).
    case list([PypetValue])
    /// A flat dictionary with string keys and scalar values.
    case dictionary([String: PypetValue])
    /// A table of named, typed columns.
    case table(DataTable)
    /// A sparse matrix.
    case sparse(SparseMatrix)
    /// A number or array with a unit (`-70 mV`); see ``Quantity``.
    case quantity(Quantity)
    /// A user-defined value.
    case custom(CustomValue)
    /// A Python object pypet stored pickled, which swift-pypet describes but cannot unpickle.
    case pickled(PickledValue)

    /// Whether this is a scalar (bool, int, double, float, complex, string).
    public var isScalar: Bool {
        switch self {
        case .bool, .int, .double, .float, .complex, .string: true
        default: false
        }
    }

    /// A short description of the type: `Double`, `[Int]`, `NDArray<Double>`, `custom(Neuron)`.
    public var typeDescription: String {
        switch self {
        case .bool: "Bool"
        case .int: "Int"
        case .double: "Double"
        case .float: "Float"
        case .complex: "Complex<Double>"
        case .string: "String"
        case .array(let array): "NDArray<\(array.elements.typeName)>"
        case .list(let values): "[\(values.first?.typeDescription ?? "empty")]"
        case .dictionary: "Dictionary"
        case .table: "DataTable"
        case .sparse: "SparseMatrix"
        case .quantity(let value): value.isScalar ? "Quantity" : "Quantity<\(value.shape)>"
        case .custom(let value): "custom(\(value.typeName))"
        case .pickled: "Pickled"
        }
    }

    /// Whether `other` has the same type: the same case, the same array element type, the same list
    /// element type, the same custom type name. Parameters only accept values of their default's type.
    public func hasSameType(as other: PypetValue) -> Bool {
        switch (self, other) {
        case (.bool, .bool), (.int, .int), (.double, .double), (.float, .float), (.complex, .complex),
            (.string, .string), (.dictionary, .dictionary), (.table, .table), (.sparse, .sparse), (.pickled, .pickled):
            true
        case (.array(let a), .array(let b)): a.elements.typeName == b.elements.typeName
        case (.list(let a), .list(let b)):
            switch (a.first, b.first) {
            case (nil, nil): true
            case (let x?, let y?): x.hasSameType(as: y)
            default: false
            }
        case (.custom(let a), .custom(let b)): a.typeName == b.typeName
        case (.quantity(let a), .quantity(let b)): a.dimension == b.dimension && a.isScalar == b.isScalar
        default: false
        }
    }

    /// Whether a parameter can hold this value: a scalar, a non-empty array, a scalar quantity, a
    /// non-empty list of scalars of one type, a sparse matrix (pypet's `SparseParameter`), a pickled object (`PickleParameter`) or a
    /// custom value.
    public var isParameterValue: Bool {
        switch self {
        case .bool, .int, .double, .float, .complex, .string, .custom, .sparse, .pickled: true
        case .array(let array): array.count > 0
        case .quantity(let quantity): quantity.isScalar
        case .list(let values): isHomogeneousScalarList(values)
        default: false
        }
    }

    /// Checks a value that a result or annotation is given: lists must hold scalars of one type,
    /// dictionaries scalar values.
    func validatedForResult(name: @autoclosure () -> String) throws(TrajectoryError) {
        // The name is only built for the error: results are set in bulk when files load.
        switch self {
        case .list(let values) where !values.isEmpty && !isHomogeneousScalarList(values):
            throw .invalidValue("a list must hold scalars of one type", name: name())
        case .dictionary(let entries) where !entries.values.allSatisfy(\.isScalar):
            throw .invalidValue("a dictionary must be flat (scalar values)", name: name())
        default:
            return
        }
    }

    private func isHomogeneousScalarList(_ values: [PypetValue]) -> Bool {
        guard let first = values.first, first.isScalar else { return false }
        return values.allSatisfy { $0.hasSameType(as: first) }
    }
}
