public import ComplexModule
public import RealModule

/// An N-dimensional array of one element type, in row-major order, with its shape.
///
/// The numpy array of this world: parameters hold arrays as values, results hold any number of them.
public struct NDArray: Sendable, Hashable {
    /// The elements, all of one type.
    public enum Elements: Sendable, Hashable {
        case bool([Bool])
        case int([Int])
        case double([Double])
        case float([Float])
        case complex([Complex<Double>])
        case string([String])

        /// The number of elements.
        public var count: Int {
            switch self {
            case .bool(let v): v.count
            case .int(let v): v.count
            case .double(let v): v.count
            case .float(let v): v.count
            case .complex(let v): v.count
            case .string(let v): v.count
            }
        }

        /// The element type's name (`Double`, `Int`...).
        public var typeName: String {
            switch self {
            case .bool: "Bool"
            case .int: "Int"
            case .double: "Double"
            case .float: "Float"
            case .complex: "Complex<Double>"
            case .string: "String"
            }
        }
    }

    /// The shape; its product is the element count (`[]` for a zero-dimensional array of one element).
    public let shape: [Int]
    /// The elements in row-major order.
    public let elements: Elements

    /// Creates an array; the shape must be non-negative and match the element count.
    public init(shape: [Int], elements: Elements) throws(TrajectoryError) {
        guard shape.allSatisfy({ $0 >= 0 }), shape.reduce(1, *) == elements.count else {
            throw .invalidValue("shape \(shape) does not hold \(elements.count) elements")
        }
        self.shape = shape
        self.elements = elements
    }

    /// A one-dimensional array of doubles.
    public init(_ values: [Double]) { self.shape = [values.count]; self.elements = .double(values) }
    /// A one-dimensional array of integers.
    public init(_ values: [Int]) { self.shape = [values.count]; self.elements = .int(values) }
    /// A one-dimensional array of booleans.
    public init(_ values: [Bool]) { self.shape = [values.count]; self.elements = .bool(values) }
    /// A one-dimensional array of strings.
    public init(_ values: [String]) { self.shape = [values.count]; self.elements = .string(values) }

    /// The number of elements.
    public var count: Int { elements.count }
}
