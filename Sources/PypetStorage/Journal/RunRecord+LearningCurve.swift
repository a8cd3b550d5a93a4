import PypetCore

extension RunRecord {
    /// The name of the result below a run's group that holds the values the run reported while it ran
    /// (`results.runs.run_00000003.learning_curve`): items `step` (int64) and `value` (float64), and
    /// `pruned_at_step` when a pruner stopped the run there.
    package static let learningCurveName = "learning_curve"

    /// The step at which a pruner stopped this run, read from its learning-curve result; nil when it was
    /// not pruned (or reported nothing).
    package var prunedStep: Int? {
        for leaf in leaves where leaf.kind == .result && leaf.fullName.hasSuffix("." + Self.learningCurveName) {
            for item in leaf.items where item.name == "pruned_at_step" {
                if case .int(let step) = item.value { return step }
            }
        }
        return nil
    }
}
