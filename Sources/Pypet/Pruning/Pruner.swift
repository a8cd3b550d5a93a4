import Foundation

/// A rule that stops a run early from the values it reported so far and those of runs it is compared with
/// (see ``Pruning/Mode``). The rules follow Optuna's pruners of the same names.
public enum Pruner: Sendable, Hashable, Codable {
    /// Stops a run whose best value so far is worse than the median of the compared runs' values at the same
    /// step (Optuna's `MedianPruner`). Only runs that ran to their end (not pruned ones) are compared; nothing
    /// is pruned while fewer than `startupRuns` such runs exist, before `warmupSteps`, or at steps not on the
    /// `interval` grid counted from `warmupSteps`.
    case median(startupRuns: Int = 5, warmupSteps: Int = 0, interval: Int = 1)
    /// Like ``median(startupRuns:warmupSteps:interval:)`` with another percentile (0...100; for
    /// maximization the percentile counts from the top, as in Optuna's `PercentilePruner`).
    case percentile(Double, startupRuns: Int = 5, warmupSteps: Int = 0, interval: Int = 1)
    /// Successive halving (ASHA in ``Pruning/Mode/asynchronous`` mode; Optuna's `SuccessiveHalvingPruner`):
    /// rungs at steps `minimumStep * reductionFactor^(minimumEarlyStoppingRate + k)`; a run reaching a rung
    /// goes on only if its value there is among the best `1/reductionFactor` of every compared run's value at
    /// that rung (its own included).
    case successiveHalving(minimumStep: Int = 1, reductionFactor: Int = 3, minimumEarlyStoppingRate: Int = 0)
    /// Hyperband (Li et al. 2018, as Optuna's `HyperbandPruner`): several successive-halving brackets with
    /// growing minimum early-stopping rates between `minimumStep` and `maximumStep`; each run belongs to one
    /// bracket, chosen from its index with the brackets' budgets as weights, and is compared only within it.
    case hyperband(minimumStep: Int = 1, maximumStep: Int, reductionFactor: Int = 3)
    /// Stops a run whose best value of its last `steps + 1` reports is not better by more than `minimumDelta`
    /// than its best value before (Optuna's `PatiencePruner`); compares the run with itself only.
    case patience(steps: Int, minimumDelta: Double = 0)
    /// Stops a run reporting a value below `lower` or above `upper` at or after `warmupSteps` (Optuna's
    /// `ThresholdPruner`); compares the run with itself only.
    case threshold(lower: Double? = nil, upper: Double? = nil, warmupSteps: Int = 0)

    /// What is wrong with the settings, in words; nil when they are usable.
    var problem: String? {
        switch self {
        case .median(let startup, let warmup, let interval):
            return Self.check(startup: startup, warmup: warmup, interval: interval)
        case .percentile(let percentile, let startup, let warmup, let interval):
            guard percentile.isFinite, (0...100).contains(percentile) else { return "the percentile \(percentile) is outside 0...100" }
            return Self.check(startup: startup, warmup: warmup, interval: interval)
        case .successiveHalving(let minimum, let factor, let rate):
            guard minimum >= 1 else { return "the minimum step \(minimum) must be at least 1" }
            guard factor >= 2 else { return "the reduction factor \(factor) must be at least 2" }
            guard rate >= 0 else { return "the minimum early-stopping rate \(rate) must not be negative" }
            return nil
        case .hyperband(let minimum, let maximum, let factor):
            guard minimum >= 1 else { return "the minimum step \(minimum) must be at least 1" }
            guard maximum >= minimum else { return "the maximum step \(maximum) is below the minimum step \(minimum)" }
            guard factor >= 2 else { return "the reduction factor \(factor) must be at least 2" }
            return nil
        case .patience(let steps, let delta):
            guard steps >= 0 else { return "the patience of \(steps) steps must not be negative" }
            guard delta.isFinite, delta >= 0 else { return "the minimum delta \(delta) must be a finite number, at least 0" }
            return nil
        case .threshold(let lower, let upper, let warmup):
            guard lower != nil || upper != nil else { return "a threshold pruner needs a lower or an upper bound" }
            if let lower, let upper, lower > upper { return "the lower bound \(lower) is above the upper bound \(upper)" }
            guard warmup >= 0 else { return "the warm-up of \(warmup) steps must not be negative" }
            return nil
        }
    }

    private static func check(startup: Int, warmup: Int, interval: Int) -> String? {
        guard startup >= 0 else { return "the number of start-up runs \(startup) must not be negative" }
        guard warmup >= 0 else { return "the warm-up of \(warmup) steps must not be negative" }
        guard interval >= 1 else { return "the interval of \(interval) steps must be at least 1" }
        return nil
    }

    /// Whether the run whose curve is `curve` (its latest report at `step`) should stop, compared with
    /// `reference` (finished runs, see ``Pruning/Mode``).
    func shouldPrune(_ curve: LearningCurve, step: Int, reference: [LearningCurve], direction: Pruning.Direction) -> Bool {
        guard let latest = curve.value(at: step) else { return false }
        switch self {
        case .median(let startup, let warmup, let interval):
            return Self.percentilePrune(curve, step: step, percentile: 50, startup: startup, warmup: warmup, interval: interval, reference: reference, direction: direction)
        case .percentile(let percentile, let startup, let warmup, let interval):
            return Self.percentilePrune(curve, step: step, percentile: percentile, startup: startup, warmup: warmup, interval: interval, reference: reference, direction: direction)
        case .successiveHalving(let minimum, let factor, let rate):
            return Self.halvingPrune(curve, step: step, minimum: minimum, factor: factor, rate: rate, reference: reference, direction: direction)
        case .hyperband(let minimum, let maximum, let factor):
            let bracket = Self.bracket(of: curve.run, minimum: minimum, maximum: maximum, factor: factor)
            let peers = reference.filter { Self.bracket(of: $0.run, minimum: minimum, maximum: maximum, factor: factor) == bracket }
            return Self.halvingPrune(curve, step: step, minimum: minimum, factor: factor, rate: bracket, reference: peers, direction: direction)
        case .patience(let patience, let delta):
            guard curve.steps.count > patience + 1 else { return false }
            let split = curve.steps.count - patience - 1
            let before = curve.values[..<split], after = curve.values[split...]
            switch direction {
            case .minimize: return (before.min() ?? .infinity) + delta < (after.min() ?? .infinity)
            case .maximize: return (before.max() ?? -.infinity) - delta > (after.max() ?? -.infinity)
            }
        case .threshold(let lower, let upper, let warmup):
            guard step >= warmup else { return false }
            if let lower, latest < lower { return true }
            if let upper, latest > upper { return true }
            return false
        }
    }

    /// Optuna's percentile rule: this run's best value so far against the percentile of the finished
    /// (unpruned) runs' values at `step`.
    private static func percentilePrune(
        _ curve: LearningCurve, step: Int, percentile: Double, startup: Int, warmup: Int, interval: Int, reference: [LearningCurve],
        direction: Pruning.Direction
    ) -> Bool {
        guard step >= warmup, (step - warmup) % interval == 0 else { return false }
        let finished = reference.filter { !$0.isPruned && $0.run != curve.run }
        guard finished.count >= max(1, startup), let best = curve.best(upTo: step, direction) else { return false }
        let others = finished.compactMap { $0.value(at: step) }.sorted()
        guard !others.isEmpty else { return false }
        let level = direction == .minimize ? percentile : 100 - percentile
        let threshold = interpolatedPercentile(others, level)
        return direction == .minimize ? best > threshold : best < threshold
    }

    /// numpy's default (linear) percentile of sorted `values`.
    static func interpolatedPercentile(_ values: [Double], _ percentile: Double) -> Double {
        let position = percentile / 100 * Double(values.count - 1)
        let lower = Int(position.rounded(.down)), upper = Int(position.rounded(.up))
        let fraction = position - Double(lower)
        return values[lower] + (values[upper] - values[lower]) * fraction
    }

    /// Successive halving: at every rung the run passed with this report, its value must be among the best
    /// `1/factor` of the compared runs' values at that rung (its own included).
    private static func halvingPrune(
        _ curve: LearningCurve, step: Int, minimum: Int, factor: Int, rate: Int, reference: [LearningCurve], direction: Pruning.Direction
    ) -> Bool {
        let previous = curve.steps.count >= 2 ? curve.steps[curve.steps.count - 2] : Int.min
        var rung = 0
        while true {
            let rungStep = rungStep(minimum: minimum, factor: factor, exponent: rate + rung)
            guard rungStep <= step else { return false }
            // Only rungs this report reached for the first time are decided now.
            if rungStep > previous, let value = curve.value(reachingStep: rungStep) {
                var competing = reference.filter { $0.run != curve.run }.compactMap { $0.value(reachingStep: rungStep) }
                competing.append(value)
                if !promotable(value, competing, factor: factor, direction: direction) { return true }
            }
            rung += 1
            if rungStep > Int.max / factor { return false }
        }
    }

    private static func rungStep(minimum: Int, factor: Int, exponent: Int) -> Int {
        var step = minimum
        for _ in 0..<exponent {
            guard step <= Int.max / factor else { return Int.max }
            step *= factor
        }
        return step
    }

    /// Optuna's promotion rule: among the best `count / factor` values (at least the single best one).
    static func promotable(_ value: Double, _ competing: [Double], factor: Int, direction: Pruning.Direction) -> Bool {
        guard !value.isNaN else { return false }
        let sorted = competing.filter { !$0.isNaN }.sorted()
        guard !sorted.isEmpty else { return true }
        let position = max(0, sorted.count / factor - 1)
        switch direction {
        case .minimize: return value <= sorted[min(position, sorted.count - 1)]
        case .maximize: return value >= sorted[max(0, sorted.count - 1 - position)]
        }
    }

    /// The Hyperband bracket of `run`: brackets weighted by their budgets, picked from the run index.
    static func bracket(of run: Int, minimum: Int, maximum: Int, factor: Int) -> Int {
        var brackets = 1
        var reach = minimum
        while reach <= maximum / factor {
            reach *= factor
            brackets += 1
        }
        let budgets = (0..<brackets).map { bracket -> Int in
            let s = brackets - 1 - bracket
            let multiplier = (brackets + s) / (s + 1)
            return multiplier * Int(pow(Double(factor), Double(s)))
        }
        let total = budgets.reduce(0, +)
        // A fixed mix of the index (splitmix64's finaliser), so neighbouring runs spread over the brackets.
        var mixed = UInt64(truncatingIfNeeded: run) &+ 0x9E37_79B9_7F4A_7C15
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        mixed ^= mixed >> 31
        var ticket = Int(mixed % UInt64(total))
        for (bracket, budget) in budgets.enumerated() {
            if ticket < budget { return bracket }
            ticket -= budget
        }
        return brackets - 1
    }
}
