import PypetCore

/// The values one run reported with ``RunContext/report(step:value:)``, in step order: a learning curve
/// (validation error per epoch, loss per iteration). Stored with the run as its `learning_curve` result
/// (items `step` and `value`, and `pruned_at_step` when a pruner stopped it).
public struct LearningCurve: Sendable, Hashable, Codable {
    /// The run that reported.
    public var run: Int
    /// The steps reported, strictly increasing.
    public var steps: [Int]
    /// The value reported at each step.
    public var values: [Double]
    /// The step at which a pruner stopped the run; nil when it ran to its end.
    public var prunedAtStep: Int?

    /// A curve of `run`.
    public init(run: Int, steps: [Int] = [], values: [Double] = [], prunedAtStep: Int? = nil) {
        self.run = run
        self.steps = steps
        self.values = values
        self.prunedAtStep = prunedAtStep
    }

    /// Whether a pruner stopped the run.
    public var isPruned: Bool { prunedAtStep != nil }

    /// The last step reported, nil before the first report.
    public var lastStep: Int? { steps.last }

    /// The value reported at exactly `step`.
    public func value(at step: Int) -> Double? {
        guard let position = position(of: step), steps[position] == step else { return nil }
        return values[position]
    }

    /// The value of the first report at `step` or later (what a run brought to a rung at `step`).
    public func value(reachingStep step: Int) -> Double? {
        position(of: step).map { values[$0] }
    }

    /// The best value reported up to and including `step`, in `direction`.
    public func best(upTo step: Int, _ direction: Pruning.Direction) -> Double? {
        var best: Double?
        for (position, reported) in steps.enumerated() where reported <= step {
            let value = values[position]
            if let current = best {
                best = direction == .minimize ? min(current, value) : max(current, value)
            } else {
                best = value
            }
        }
        return best
    }

    /// The position of the first step at or after `step` (binary search; steps increase).
    private func position(of step: Int) -> Int? {
        var low = 0, high = steps.count
        while low < high {
            let middle = (low + high) / 2
            if steps[middle] < step { low = middle + 1 } else { high = middle }
        }
        return low < steps.count ? low : nil
    }
}

extension LearningCurve {
    /// The curve stored in a run's `learning_curve` result items (`step`, `value`, `pruned_at_step`); nil
    /// when they are missing or do not fit together.
    init?(run: Int, items: [(String, PypetValue)]) {
        var steps: [Int]?, values: [Double]?, pruned: Int?
        for (name, value) in items {
            switch (name, value) {
            case ("step", .array(let array)):
                if case .int(let numbers) = array.elements { steps = numbers }
            case ("value", .array(let array)):
                if case .double(let numbers) = array.elements { values = numbers }
            case ("pruned_at_step", .int(let step)):
                pruned = step
            default:
                continue
            }
        }
        guard let steps, let values, steps.count == values.count else { return nil }
        self.init(run: run, steps: steps, values: values, prunedAtStep: pruned)
    }
}
