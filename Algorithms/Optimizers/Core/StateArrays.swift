public import PypetCore

/// Helpers that turn populations into the named arrays of an optimizer's ``Optimizer/state``.
public enum StateArrays {
    /// A rows x columns matrix (rows of unequal length are padded with NaN).
    public static func matrix(_ rows: [[Double]], columns: Int) throws(TrajectoryError) -> NDArray {
        var flat: [Double] = []
        flat.reserveCapacity(rows.count * columns)
        for row in rows {
            for column in 0..<columns { flat.append(column < row.count ? row[column] : .nan) }
        }
        return try NDArray(shape: [rows.count, columns], elements: .double(flat))
    }

    /// A population as state entries (genomes, fitness, generation).
    public static func populationState(_ population: [Individual], problem: Problem, generation: Int) -> [String: PypetValue] {
        var state: [String: PypetValue] = ["generation": .int(generation)]
        if let genomes = try? matrix(population.map(\.genome), columns: problem.space.count) { state["population"] = .array(genomes) }
        if let fitness = try? matrix(population.map { $0.fitness?.values ?? [] }, columns: problem.objectives.count) {
            state["fitness"] = .array(fitness)
        }
        return state
    }
}
