extension CMAES {
    /// The first of pycma 4.x's termination criteria that holds for the current run, nil while it continues.
    func termination() -> CMAESTermination? {
        if !sigma.isFinite || mean.contains(where: { !$0.isFinite }) || axes.count != n { return .numerical }
        if Double(runGeneration) >= runMaximumGenerations { return .maxiter }
        // noeffectcoord: a fifth of a standard deviation leaves some coordinate unchanged.
        for i in 0..<n where mean[i] == mean[i] + 0.2 * sigma * stepScaling[i] * covariance[i * n + i].squareRoot() { return .noeffectcoord }
        // noeffectaxis: a tenth of a standard deviation along principal axis (generation mod n) leaves the mean.
        let axis = runGeneration % n
        if (0..<n).allSatisfy({ mean[$0] == mean[$0] + 0.1 * sigma * axes[axis] * stepScaling[$0] * eigenvectors[$0 * n + axis] }) {
            return .noeffectaxis
        }
        // tolfacupx: some coordinate's standard deviation grew 1000 times beyond its initial one.
        let stepScale = runSigma0 / referenceStep
        for i in 0..<n where sigma * stepScaling[i] * covariance[i * n + i].squareRoot() > 1e3 * stepScale * initialSteps[i] {
            return .tolfacupx
        }
        // tolx: σ S_i max(|p_c,i|, √C_ii) below the tolerance in every coordinate (absolute, as pycma's).
        var largest = 0.0
        for i in 0..<n { largest = max(largest, stepScaling[i] * max(abs(pathC[i]), covariance[i * n + i].squareRoot())) }
        if sigma * largest < stepTolerance { return .tolx }
        // tolfun: the current values and the best values of the last 10 + 30 n / λ generations within
        // functionTolerance; tolfunhist: those best values (more than 9) within 1e-12.
        let values = population.prefix(population.count - extraCount).map { -($0.weighted.first ?? -.infinity) }
        if let high = recentBest.max(), let low = recentBest.min() {
            if let h = values.max(), let l = values.min(), h - l < functionTolerance, high - low < functionTolerance { return .tolfun }
            if recentBest.count > 9, high - low < Self.historyTolerance { return .tolfunhist }
        }
        if stopsDominatedRuns, isDominated(values) { return .tolfundominated }
        if isStagnating() { return .tolstagnation }
        if let stagnation = meanStagnation, Double(runGeneration - stagnation.generation) > Self.meanStagnationPeriod(runGeneration) {
            return .tolxstagnation
        }
        // tolupsigma: σ / σ₀ > 10²⁰ · √λ_max(C).
        if let high = axes.max(), sigma / runSigma0 > 1e20 * high { return .tolupsigma }
        // conditioncov: condition number of C above 10¹⁴.
        if let high = axes.max(), let low = axes.min(), (high / low) * (high / low) > 1e14 { return .conditioncov }
        // tolflatfitness: the best value equal to the value at rank ⌊0.75 λ⌋ in two generations in a row.
        if flatGenerations > 1 { return .tolflatfitness }
        return nil
    }

    /// pycma's tolstagnation (Hansen 2009), with `T = ⌊100 + 100 n^1.5 / λ⌋` generations: after more than
    /// `n (5 + 100 / λ)` generations, more than 100 entries of the five-generation histories and more than
    /// `T / 2` generations since the run's best value, the median of the newest `ℓ` entries of both the best
    /// and the median history is not better than that of the `ℓ` entries before, `ℓ = max(T / 10,
    /// entries / 10)` (the histories hold every fifth generation).
    func isStagnating() -> Bool {
        let dn = Double(n), dl = Double(lambda)
        let threshold = Double(Int(100 + 100 * dn * dn.squareRoot() / dl))
        let length = max(threshold / 10, Double(bestHistory.count) / 10)
        let generations = runGeneration
        guard length <= Double(generations), Double(generations) > dn * (5 + 100 / dl),
              Double(runEvaluations - runBestEvaluations) / dl > threshold / 2,
              bestHistory.count > 100, 2 * Int(length) < bestHistory.count else { return false }
        let l = Int(length)
        func stalled(_ history: [Double]) -> Bool {
            let newest = history.suffix(l), before = history.dropLast(l).suffix(l)
            return Self.median(newest) >= Self.median(before)
        }
        return stalled(medianHistory) && stalled(bestHistory)
    }

    /// ``CMAESTermination/tolfundominated``: an earlier run found a value better than this run's best by a
    /// gap that the run cannot close: more than ``dominanceFactor`` times the spread of its current values,
    /// and more than the range of its best values over the last `W = 10 + 30 n / λ` generations (a full
    /// window) times the generations left to `maxiter` over `W` (at least ``dominanceFactor`` times). A run
    /// converging in a basin improves its best by about the current spread at most; one creeping along a
    /// valley at its recent rate would not reach the earlier best before `maxiter`. Under constraints the
    /// earlier best is that of a feasible individual and the current generation must be feasible (the run's
    /// best and spreads then only make the rule more cautious).
    func isDominated(_ values: [Double]) -> Bool {
        let window = 10 + 30 * Double(n) / Double(max(1, lambda))
        guard let best = searchBest, best < runBest, runBest.isFinite, Double(recentBest.count + 1) > window,
              population.allSatisfy(\.isFeasible),
              let high = recentBest.max(), let low = recentBest.min(), let h = values.max(), let l = values.min() else { return false }
        let gap = runBest - best
        let remaining = max(0, runMaximumGenerations - Double(runGeneration))
        return gap > Self.dominanceFactor * (h - l) && gap > (high - low) * max(Self.dominanceFactor, remaining / window)
    }

    /// The least factor between the gap to an earlier run's best and a run's spreads (``isDominated(_:)``).
    static var dominanceFactor: Double { 10 }

    /// pycma's `tolxstagnation` (4.x default `[1e-9, 20, 0.1]`): the generations after which a mean that has
    /// not moved ends the run, `20 + 0.1 g` at the run's generation `g`.
    static func meanStagnationPeriod(_ generation: Int) -> Double { 20 + 0.1 * Double(generation) }

    /// pycma's `tolxstagnation` distance: the mean (the genotype) has moved when it is more than
    /// `10⁻⁹ √max(1, Δg / period)` away from where it last moved, `Δg` generations ago.
    static var meanStagnationDistance: Double { 1e-9 }

    /// Called once per generation after the update: remembers the mean and the generation when the mean
    /// moved more than the tolerance of ``CMAESTermination/tolxstagnation`` since it last did.
    mutating func trackMeanStagnation() {
        guard let stagnation = meanStagnation, stagnation.mean.count == mean.count else {
            meanStagnation = MeanStagnation(mean: mean, generation: runGeneration)
            return
        }
        let elapsed = Double(runGeneration - stagnation.generation)
        let tolerance = Self.meanStagnationDistance * max(1, elapsed / Self.meanStagnationPeriod(runGeneration)).squareRoot()
        var squared = 0.0
        for i in 0..<mean.count { squared += (mean[i] - stagnation.mean[i]) * (mean[i] - stagnation.mean[i]) }
        if squared.squareRoot() > tolerance { meanStagnation = MeanStagnation(mean: mean, generation: runGeneration) }
    }

    /// pycma's `tolfunhist`.
    static var historyTolerance: Double { 1e-12 }

    static func median<C: Collection<Double>>(_ values: C) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return .nan }
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }
}

/// Where and when the mean of a CMA-ES run last moved (``CMAESTermination/tolxstagnation``).
struct MeanStagnation: Sendable, Hashable, Codable {
    /// The mean (genotype) then.
    var mean: [Double]
    /// The run's generation then.
    var generation: Int
}
