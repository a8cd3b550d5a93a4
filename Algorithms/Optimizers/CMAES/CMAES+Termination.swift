extension CMAES {
    /// The first of pycma's termination criteria that holds for the current run, nil while it continues.
    func termination() -> CMAESTermination? {
        if !sigma.isFinite || mean.contains(where: { !$0.isFinite }) || axes.count != n { return .numerical }
        // tolfun: the recent best values and the current values all within functionTolerance.
        let window = 10 + Int((30 * Double(n) / Double(lambda)).rounded(.up))
        if bestHistory.count >= window {
            let recent = bestHistory.suffix(window)
            let values = population.compactMap { $0.fitness?.value }
            if let high = recent.max(), let low = recent.min(), high - low < functionTolerance,
               let h = values.max(), let l = values.min(), h - l < functionTolerance {
                return .tolfun
            }
        }
        // tolflatfitness: best equal to median in two generations in a row.
        if flatGenerations > 1 { return .tolflatfitness }
        // tolx: σ · max(|p_c,i|, √C_ii) below the tolerance in every coordinate.
        var largest = 0.0
        for i in 0..<n { largest = max(largest, abs(pathC[i]), covariance[i * n + i].squareRoot()) }
        if sigma * largest < stepTolerance * referenceStep { return .tolx }
        // conditioncov: condition number of C above 10¹⁴.
        if let high = axes.max(), let low = axes.min(), (high / low) * (high / low) > 1e14 { return .conditioncov }
        // tolupsigma: σ / σ₀ > 10²⁰ · √λ_max(C).
        if let high = axes.max(), sigma / runSigma0 > 1e20 * high { return .tolupsigma }
        // noeffectcoord: a fifth of a standard deviation leaves some coordinate unchanged.
        for i in 0..<n where mean[i] == mean[i] + 0.2 * sigma * covariance[i * n + i].squareRoot() { return .noeffectcoord }
        // noeffectaxis: a tenth of a standard deviation along principal axis (generation mod n) leaves the mean.
        let axis = runGeneration % n
        if (0..<n).allSatisfy({ mean[$0] == mean[$0] + 0.1 * sigma * axes[axis] * eigenvectors[$0 * n + axis] }) { return .noeffectaxis }
        if isStagnating() { return .tolstagnation }
        return nil
    }

    /// tolstagnation (Hansen 2009): over the last 20% of the run's generations, but at least
    /// `120 + 30 n / λ` and at most 20,000, the median of the newest 30% of both the best and the median
    /// values is not better (lower) than the median of the oldest 30%.
    func isStagnating() -> Bool {
        let minimum = 120 + Int((30 * Double(n) / Double(lambda)).rounded(.up))
        guard runGeneration >= minimum, bestHistory.count >= minimum else { return false }
        let window = min(bestHistory.count, Self.historyLimit, max(minimum, runGeneration / 5))
        let part = max(1, Int((0.3 * Double(window)).rounded(.down)))
        func stalled(_ history: [Double]) -> Bool {
            let recent = history.suffix(window)
            return Self.median(recent.suffix(part)) >= Self.median(recent.prefix(part))
        }
        return stalled(bestHistory) && stalled(medianHistory)
    }

    static func median<C: Collection<Double>>(_ values: C) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return .nan }
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }
}
