public import PypetCore

extension Fitness: PypetValueConvertible {
    /// A fitness from a 1-D array (or a single number) of objective values.
    public init(pypetValue: PypetValue) throws(TrajectoryError) {
        switch pypetValue {
        case .double(let value): self.init(value)
        case .array(let array):
            guard case .double(let values) = array.elements else {
                throw TrajectoryError(code: .typeMismatch, message: "a fitness needs double values, not \(pypetValue.typeDescription)")
            }
            self.init(values)
        default:
            throw TrajectoryError(code: .typeMismatch, message: "a \(pypetValue.typeDescription) value cannot be read as a fitness")
        }
    }

    /// The objective values as a 1-D array.
    public var pypetValue: PypetValue { .array(NDArray(values)) }
}
