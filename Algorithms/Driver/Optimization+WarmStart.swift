import Foundation
public import Pypet

extension Optimization {
    /// Starts a new search from known points: the first generation evaluates `points` (each a value for
    /// every dimension of the space, by name) in place of its first individuals; the rest are the
    /// optimizer's own. A resumed search is not affected (its first generation is in the file). Works with
    /// optimizers whose asked individuals are free samples (genetic algorithms, random search and TPE) and
    /// with CMA-ES, which injects them (``CMAES/replacePending(with:)``)
    /// (others throw `invalidConfiguration` when the search starts).
    ///
    /// - Throws: ``AlgorithmError`` `invalidConfiguration` for a missing dimension, a value of the wrong kind,
    ///   a category the dimension does not have, or a point outside the bounds.
    public func warmStart(_ points: [[String: PypetValue]]) throws(AlgorithmError) {
        warmGenomes = try points.enumerated().map { (position, point) throws(AlgorithmError) -> [Double] in
            try Self.genome(of: point, position: position, space: problem.space)
        }
    }

    /// Starts a new search from the best individuals recorded in another file (the hall of fame of its last
    /// generation, best first), matched to this search's dimensions by name.
    public func warmStart(fromFile file: String, best count: Int, trajectory: String? = nil) throws(AlgorithmError) {
        guard count >= 1 else { throw AlgorithmError(code: .invalidConfiguration, message: "a warm start needs at least one point, not \(count)") }
        let replay = try GenerationReplay(file: file, trajectory: trajectory)
        guard let last = replay.generations.last, let space = replay.problem?.space else {
            throw AlgorithmError(code: .invalidConfiguration, message: "'\(file)' records no generations of a search to start from")
        }
        let points = last.hallOfFame.prefix(count).map { genome in
            Dictionary(uniqueKeysWithValues: zip(space.dimensions.map(\.name), space.values(of: genome)))
        }
        try warmStart(points)
    }

    private static func genome(of point: [String: PypetValue], position: Int, space: ParameterSpace) throws(AlgorithmError) -> [Double] {
        let known = Set(space.dimensions.map(\.name))
        if let stray = point.keys.sorted().first(where: { !known.contains($0) }) {
            throw AlgorithmError(code: .invalidConfiguration, message: "warm-start point \(position) names '\(stray)', which is not a dimension of the space")
        }
        var genome: [Double] = []
        for dimension in space.dimensions {
            guard var value = point[dimension.name] else {
                throw AlgorithmError(code: .invalidConfiguration, message: "warm-start point \(position) has no value for '\(dimension.name)'")
            }
            if case .int(let whole) = value, dimension.coordinate(of: value) == nil { value = .double(Double(whole)) }
            guard let coordinate = dimension.coordinate(of: value) else {
                throw AlgorithmError(
                    code: .invalidConfiguration, message: "warm-start point \(position): \(value) is not a value of '\(dimension.name)'")
            }
            genome.append(coordinate)
        }
        guard space.contains(genome) else {
            throw AlgorithmError(code: .invalidConfiguration, message: "warm-start point \(position) lies outside the bounds of the space")
        }
        return genome
    }
}
