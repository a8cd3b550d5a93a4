public import PypetCore

/// What one evaluation of a constrained problem gives: the fitness and the values of the constraint
/// functions, each at most 0 when its constraint holds (a violation is the positive part). Optimizers rank
/// feasible individuals first and infeasible ones by their total violation.
///
/// Through an environment, a job returns it (``PypetValueConvertible``: one 1-D `f8` array, the fitness
/// values followed by the constraint values), and the driver splits it by the problem's objective count.
public struct Evaluation: Sendable, Hashable {
    /// The objective values.
    public var fitness: Fitness
    /// The constraint values (empty: unconstrained).
    public var constraints: [Double]

    /// An evaluation with `fitness` and `constraints`.
    public init(_ fitness: Fitness, constraints: [Double] = []) {
        self.fitness = fitness
        self.constraints = constraints
    }

    /// The evaluation of a problem with `objectives` objectives from one array of values: the fitness, then
    /// the constraint values. Throws ``AlgorithmError/Code/evaluationMismatch`` for fewer values than
    /// objectives.
    public init(values: [Double], objectives: Int) throws(AlgorithmError) {
        guard objectives >= 1, values.count >= objectives else {
            throw AlgorithmError(
                code: .evaluationMismatch, message: "an evaluation of \(objectives) objective(s) has \(values.count) value(s)")
        }
        self.init(Fitness(Array(values[..<objectives])), constraints: Array(values[objectives...]))
    }

    /// Whether every constraint holds (no value above 0; NaN counts as violated).
    public var isFeasible: Bool { constraints.allSatisfy { $0 <= 0 } }
}

extension Evaluation: PypetValueConvertible {
    /// An evaluation from its array form. Without the objective count the split is unknown, so every value
    /// is taken as fitness; ``init(values:objectives:)`` splits.
    public init(pypetValue: PypetValue) throws(TrajectoryError) {
        self.init(try Fitness(pypetValue: pypetValue))
    }

    /// The fitness values followed by the constraint values, as one 1-D array.
    public var pypetValue: PypetValue { .array(NDArray(fitness.values + constraints)) }
}
