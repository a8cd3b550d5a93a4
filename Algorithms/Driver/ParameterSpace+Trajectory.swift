public import Pypet

extension ParameterSpace {
    /// Adds one parameter per dimension to `trajectory` (at its default value) unless it exists already.
    public func addParameters(to trajectory: Trajectory) throws(AlgorithmError) {
        for dimension in dimensions where (try? trajectory.parameter("parameters." + dimension.name)) == nil {
            do {
                try trajectory.addParameter(dimension.name, dimension.defaultValue, comment: "optimized: \(Self.describe(dimension))")
            } catch {
                throw AlgorithmError(code: .environment, message: "cannot add parameter '\(dimension.name)': \(error.message)", underlying: error)
            }
        }
    }
}
