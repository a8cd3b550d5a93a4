import Foundation
import GSLRandom

/// The trials a ``TPE`` proposal is made from, in the estimators' internal units, ranked.
struct TPEModel {
    let problem: Problem
    let domains: [ParzenDomain]
    let logarithmic: [Bool]
    /// The internal coordinates of the trials that did not fail, in order.
    let points: [[Double]]
    /// Indices into `points`, best first (ties in trial order).
    let ranking: [Int]

    init(problem: Problem, trials: [Individual]) {
        self.problem = problem
        domains = problem.space.dimensions.map(ParzenDomain.init)
        logarithmic = problem.space.dimensions.map { if case .logarithmic = $0 { true } else { false } }
        let used = trials.filter { $0.isEvaluated && $0.failure == nil }
        let logarithmic = logarithmic
        points = used.map { trial in trial.genome.enumerated().map { logarithmic[$0] ? log($1) : $1 } }
        ranking = Selection.sortedBestFirst(used)
    }

    /// How many trials the model holds.
    var completed: Int { points.count }

    /// The size of the better group for `n` trials (Optuna's default `γ`).
    static func belowCount(_ n: Int) -> Int { min(Int((0.1 * Double(n)).rounded(.up)), 25) }

    /// A proposal: candidates drawn from the better group's estimator, the best `log l − log g` kept.
    /// `liars` (genomes proposed earlier in the batch) join the worse group.
    func propose(_ random: RandomStream, liars: [[Double]], candidates: Int, multivariate: Bool, priorWeight: Double) -> [Double] {
        let below = ranking.prefix(Self.belowCount(points.count)).sorted().map { points[$0] }
        let liarPoints = liars.map { genome in genome.enumerated().map { logarithmic[$0] ? log($1) : $1 } }
        let above = ranking.dropFirst(Self.belowCount(points.count)).sorted().map { points[$0] } + liarPoints
        let belowWeights = ParzenEstimator.defaultWeights(below.count), aboveWeights = ParzenEstimator.defaultWeights(above.count)
        var coordinates: [Double]
        var held = [Bool](repeating: false, count: domains.count)
        if multivariate {
            let l = ParzenEstimator(observations: below, observationWeights: belowWeights, domains: domains, priorWeight: priorWeight)
            let g = ParzenEstimator(observations: above, observationWeights: aboveWeights, domains: domains, priorWeight: priorWeight)
            coordinates = Self.best(of: (0..<candidates).map { _ in l.sample(random) }, l: l, g: g)
        } else {
            coordinates = []
            // Dimension by dimension, in order: a conditional one is proposed only when the values proposed for
            // its parents activate it, from the trials in which it was active.
            let space = problem.space
            for d in domains.indices {
                guard space.isActive(d, in: coordinates) else {
                    held[d] = true
                    coordinates.append(logarithmic[d] ? log(space.defaultCoordinates[d]) : space.defaultCoordinates[d])
                    continue
                }
                let conditional = space.parentIndices[d] != nil
                let belowD = conditional ? below.filter { space.isActive(d, in: $0) } : below
                let aboveD = conditional ? above.filter { space.isActive(d, in: $0) } : above
                let l = ParzenEstimator(
                    observations: belowD.map { [$0[d]] }, observationWeights: ParzenEstimator.defaultWeights(belowD.count),
                    domains: [domains[d]], priorWeight: priorWeight)
                let g = ParzenEstimator(
                    observations: aboveD.map { [$0[d]] }, observationWeights: ParzenEstimator.defaultWeights(aboveD.count),
                    domains: [domains[d]], priorWeight: priorWeight)
                coordinates.append(Self.best(of: (0..<candidates).map { _ in l.sample(random) }, l: l, g: g)[0])
            }
        }
        let lower = problem.space.lowerBounds, upper = problem.space.upperBounds
        return coordinates.enumerated().map { d, value in
            if held[d] { return problem.space.defaultCoordinates[d] }
            let x = logarithmic[d] ? exp(value) : value
            return min(upper[d], max(lower[d], x))
        }
    }

    /// The candidate with the largest `log l(x) − log g(x)` (the first of equals).
    static func best(of candidates: [[Double]], l: ParzenEstimator, g: ParzenEstimator) -> [Double] {
        var chosen = candidates[0], score = -Double.infinity
        for candidate in candidates {
            let value = l.logDensity(candidate) - g.logDensity(candidate)
            if value > score {
                score = value
                chosen = candidate
            }
        }
        return chosen
    }
}
