import Foundation
import GSLRandom

/// The trials a ``TPE`` proposal is made from, in the estimators' internal units, ranked.
struct TPEModel {
    let problem: Problem
    let domains: [ParzenDomain]
    let logarithmic: [Bool]
    /// The internal coordinates of the trials that did not fail, in order.
    let points: [[Double]]
    /// The better group: indices into `points` in trial order, with the weights of their kernels.
    let below: [Int]
    let belowWeights: [Double]
    /// The worse group: the other indices into `points`, in trial order.
    let above: [Int]

    init(problem: Problem, trials: [Individual]) {
        self.problem = problem
        domains = problem.space.dimensions.map(ParzenDomain.init)
        logarithmic = problem.space.dimensions.map { if case .logarithmic = $0 { true } else { false } }
        let used = trials.filter { $0.isEvaluated && $0.failure == nil }
        let logarithmic = logarithmic
        points = used.map { trial in trial.genome.enumerated().map { logarithmic[$0] ? log($1) : $1 } }
        let count = Self.belowCount(used.count)
        if problem.objectives.count == 1 {
            let ranking = Selection.sortedBestFirst(used)
            below = ranking.prefix(count).sorted()
            belowWeights = ParzenEstimator.defaultWeights(below.count)
            above = ranking.dropFirst(count).sorted()
        } else {
            (below, belowWeights) = Self.multiObjectiveSplit(used, count: count)
            let chosen = Set(below)
            above = used.indices.filter { !chosen.contains($0) }
        }
    }

    /// Optuna's multi-objective split (MOTPE): whole non-dominated fronts (Deb's constraint domination)
    /// while they fit in `count`, then the subset of the next front with the largest hypervolume, chosen
    /// greedily. Kernel weights are the feasible members' hypervolume contributions within the group,
    /// scaled to at most 1 (a tiny weight for the others), or 1 each when at most one is feasible.
    static func multiObjectiveSplit(_ trials: [Individual], count: Int) -> (below: [Int], weights: [Double]) {
        let losses = trials.map { $0.weighted.map { -$0 } }
        var chosen: [Int] = []
        for front in NondominatedSorting.fronts(trials) where chosen.count < count {
            if chosen.count + front.count <= count {
                chosen += front
            } else {
                let frontLosses = front.map { losses[$0] }
                let subset = Hypervolume.greedySubset(frontLosses, count: count - chosen.count, reference: Hypervolume.referencePoint(frontLosses))
                chosen += subset.map { front[$0] }
            }
        }
        let below = chosen.sorted()
        let tiny = 1e-12
        let feasible = below.filter { trials[$0].isFeasible }
        var weights = below.map { trials[$0].isFeasible ? 1.0 : tiny }
        guard feasible.count > 1 else { return (below, weights) }
        let values = feasible.map { losses[$0] }
        let reference = Hypervolume.referencePoint(values)
        let onFront = values.indices.filter { i in !values.indices.contains { j in j != i && Self.dominates(values[j], values[i]) } }
        let front = onFront.map { values[$0] }
        let total = Hypervolume.of(front, reference: reference)
        guard total.isFinite else { return (below, weights) }
        var contributions = [Double](repeating: 0, count: values.count)
        for (position, i) in onFront.enumerated() {
            var others = front
            others.remove(at: position)
            contributions[i] = total - Hypervolume.of(others, reference: reference)
        }
        let largest = max(contributions.max() ?? 0, tiny)
        for (position, trial) in feasible.enumerated() {
            if let slot = below.firstIndex(of: trial) { weights[slot] = max(contributions[position] / largest, tiny) }
        }
        return (below, weights)
    }

    /// Whether loss vector `a` dominates `b` (no worse anywhere, better somewhere).
    private static func dominates(_ a: [Double], _ b: [Double]) -> Bool {
        var better = false
        for (x, y) in zip(a, b) {
            if x > y { return false }
            if x < y { better = true }
        }
        return better
    }

    /// How many trials the model holds.
    var completed: Int { points.count }

    /// The size of the better group for `n` trials (Optuna's default `γ`).
    static func belowCount(_ n: Int) -> Int { min(Int((0.1 * Double(n)).rounded(.up)), 25) }

    /// A proposal: candidates drawn from the better group's estimator, the best `log l − log g` kept.
    /// `liars` (genomes proposed earlier in the batch) join the worse group.
    func propose(_ random: RandomStream, liars: [[Double]], candidates: Int, multivariate: Bool, priorWeight: Double) -> [Double] {
        let below = self.below.map { points[$0] }, belowWeights = self.belowWeights
        let liarPoints = liars.map { genome in genome.enumerated().map { logarithmic[$0] ? log($1) : $1 } }
        let above = self.above.map { points[$0] } + liarPoints
        let aboveWeights = ParzenEstimator.defaultWeights(above.count)
        // Single-objective weights depend only on how many kernels there are; multi-objective ones on the trial.
        let weightsByTrial = problem.objectives.count > 1
        var coordinates: [Double]
        var held = [Bool](repeating: false, count: domains.count)
        if multivariate && problem.space.isConditional {
            // Optuna's `group=True`: dimensions that are always active together form a group, each group
            // modelled jointly from the trials in which it was active, in the groups' order.
            coordinates = domains.indices.map { logarithmic[$0] ? log(problem.space.defaultCoordinates[$0]) : problem.space.defaultCoordinates[$0] }
            let space = problem.space
            for group in Self.groups(of: below + above, dimensions: domains.count, space: space) {
                let activeBelow = below.indices.filter { row in group.allSatisfy { space.isActive($0, in: below[row]) } }
                let belowG = activeBelow.map { row in group.map { below[row][$0] } }
                let aboveG = above.filter { point in group.allSatisfy { space.isActive($0, in: point) } }.map { point in group.map { point[$0] } }
                let weightsG = weightsByTrial ? activeBelow.map { belowWeights[$0] } : ParzenEstimator.defaultWeights(belowG.count)
                let groupDomains = group.map { domains[$0] }
                let l = ParzenEstimator(observations: belowG, observationWeights: weightsG, domains: groupDomains, priorWeight: priorWeight)
                let g = ParzenEstimator(
                    observations: aboveG, observationWeights: ParzenEstimator.defaultWeights(aboveG.count), domains: groupDomains, priorWeight: priorWeight)
                let chosen = Self.best(of: (0..<candidates).map { _ in l.sample(random) }, l: l, g: g)
                for (position, d) in group.enumerated() { coordinates[d] = chosen[position] }
            }
            // A dimension its proposed parents leave inactive holds its default.
            let proposed = coordinates.enumerated().map { logarithmic[$0] ? exp($1) : $1 }
            for d in domains.indices where !space.isActive(d, in: proposed) { held[d] = true }
        } else if multivariate {
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
                let activeBelow = below.indices.filter { !conditional || space.isActive(d, in: below[$0]) }
                let belowD = activeBelow.map { below[$0] }
                let aboveD = conditional ? above.filter { space.isActive(d, in: $0) } : above
                let weightsD = weightsByTrial ? activeBelow.map { belowWeights[$0] } : ParzenEstimator.defaultWeights(belowD.count)
                let l = ParzenEstimator(
                    observations: belowD.map { [$0[d]] }, observationWeights: weightsD,
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

    /// Optuna's group decomposition of a conditional space: the dimensions split into groups whose members
    /// are active in exactly the same trials (each trial's active set is a union of groups), in the order
    /// of their first dimension. Dimensions active in no trial form one group (drawn from the prior).
    static func groups(of trials: [[Double]], dimensions: Int, space: ParameterSpace) -> [[Int]] {
        var groups: [Set<Int>] = []
        for trial in trials {
            let active = Set((0..<dimensions).filter { space.isActive($0, in: trial) })
            var next: [Set<Int>] = []
            var covered = Set<Int>()
            for group in groups {
                let inside = group.intersection(active), outside = group.subtracting(active)
                if !inside.isEmpty { next.append(inside) }
                if !outside.isEmpty { next.append(outside) }
                covered.formUnion(group)
            }
            let fresh = active.subtracting(covered)
            if !fresh.isEmpty { next.append(fresh) }
            groups = next
        }
        let seen = groups.reduce(into: Set<Int>()) { $0.formUnion($1) }
        let unseen = Set(0..<dimensions).subtracting(seen)
        if !unseen.isEmpty { groups.append(unseen) }
        return groups.map { $0.sorted() }.sorted { ($0.first ?? 0) < ($1.first ?? 0) }
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
