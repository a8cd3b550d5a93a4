extension Trajectory {
    /// Information about every run, by index.
    public var runInformation: [RunInfo] { runs.indices.map(filledInformation) }

    /// Information about every run without the parameter summaries (cheaper: times and status only).
    public var runStatuses: RunStatuses { runs }

    /// Information about run `index`.
    public func runInformation(_ index: Int) throws(TrajectoryError) -> RunInfo {
        try checkRun(index)
        return filledInformation(index)
    }

    /// The stored run information with its parameter summary, which is derived from the append-only
    /// ranges when asked for rather than kept per run.
    private func filledInformation(_ index: Int) -> RunInfo {
        var info = runs[index]
        info.parameterSummary = exploredParameters.isEmpty ? "" : summary(of: index)
        return info
    }

    /// The run names `run_00000000`, ... in index order.
    public var runNames: [String] { runs.indices.map(NodeName.run) }

    /// The index of a run name (`run_00000007`, or the aliases `run_7`, `r_7`).
    public func runIndex(_ name: String) throws(TrajectoryError) -> Int {
        let canonical = NodeName.translateRunAlias(name)
        guard NodeName.isCanonicalRun(canonical), let index = Int(canonical.dropFirst(4)), runs.indices.contains(index) else {
            throw .notFound(name, "no run '\(name)' in a trajectory of \(length) runs")
        }
        return index
    }

    /// Makes run `index` current: explored parameters show its values, `$`/`crun` name it, and shortcuts
    /// no longer see other runs' groups.
    public func setCurrentRun(_ index: Int) throws(TrajectoryError) {
        try checkRun(index)
        currentRun = index
        for parameter in exploredParameters { parameter.runIndex = index }
    }

    /// Leaves run mode: explored parameters show their defaults again.
    public func restoreDefaults() {
        currentRun = nil
        for parameter in exploredParameters { parameter.runIndex = nil }
    }

    /// Calls `body` with every run index in order, each run made current; defaults are restored
    /// afterwards, also when `body` throws.
    public func forEachRun(_ body: (Int) throws -> Void) rethrows {
        defer { restoreDefaults() }
        for index in runs.indices {
            currentRun = index
            for parameter in exploredParameters { parameter.runIndex = index }
            try body(index)
        }
    }

    /// The indices of the runs whose values of `parameterNames` satisfy `predicate` (it receives them in
    /// the order named).
    public func findRuns(_ parameterNames: [String], where predicate: ([PypetValue]) -> Bool) throws(TrajectoryError) -> [Int] {
        var parameters: [Parameter] = []
        for name in parameterNames { parameters.append(try parameter(name)) }
        return runs.indices.filter { run in
            predicate(parameters.map { $0.range.isEmpty ? $0.defaultValue : $0.range[run] })
        }
    }

    /// The value of the result (or derived parameter) called `name` in every run that has one, by run
    /// index: looked up below each run's group (`results.runs.run_X` or `results.run_set_Y.run_X`).
    public func resultsFromRuns(_ name: String) throws(TrajectoryError) -> [Int: PypetValue] {
        var values: [Int: PypetValue] = [:]
        let runGroups = (shortcutIndex.filter { NodeName.isCanonicalRun($0.key) }.values.joined())
        for group in runGroups {
            guard let group = group as? GroupNode, let index = Int(group.name.dropFirst(4)), runs.indices.contains(index),
                let found = try? shortcutInRun(name, group)
            else { continue }
            switch found {
            case let result as ResultNode: values[index] = try result.value
            case let parameter as Parameter: values[index] = parameter.peek()
            default: continue
            }
        }
        return values
    }

    /// Records that run `index` started at `timestamp`.
    public func markRunStarted(_ index: Int, at timestamp: Double) throws(TrajectoryError) {
        try checkRun(index)
        runs.setStarted(index, timestamp)
    }

    /// Records that run `index` finished successfully at `timestamp`.
    public func markRunCompleted(_ index: Int, at timestamp: Double) throws(TrajectoryError) {
        try checkRun(index)
        runs.setFinished(index, timestamp)
        runs.setCompleted(index, true)
        runs.setFailure(index, nil)
    }

    /// Records that a pruner stopped run `index` at `step`; the run counts as completed (see
    /// ``RunInfo/prunedAtStep``).
    public func markRunPruned(_ index: Int, atStep step: Int) throws(TrajectoryError) {
        try checkRun(index)
        runs.setCompleted(index, true)
        runs.setFailure(index, nil)
        runs.setPrunedAtStep(index, step)
    }

    /// Records that run `index` failed with `message` at `timestamp`; it stays not completed.
    public func markRunFailed(_ index: Int, message: String, at timestamp: Double) throws(TrajectoryError) {
        try checkRun(index)
        runs.setFinished(index, timestamp)
        runs.setCompleted(index, false)
        runs.setFailure(index, message)
        runs.setPrunedAtStep(index, nil)
    }

    /// Whether run `index` completed.
    public func isCompleted(_ index: Int) throws(TrajectoryError) -> Bool {
        try checkRun(index)
        return runs.isCompleted(index)
    }

    // MARK: Internal

    func checkRun(_ index: Int) throws(TrajectoryError) {
        guard runs.indices.contains(index) else {
            throw .notFound(NodeName.run(index), "run \(index) is outside 0..<\(length)")
        }
    }

    func refreshCurrentRun() {
        if let currentRun, runs.indices.contains(currentRun) {
            for parameter in exploredParameters { parameter.runIndex = currentRun }
        } else {
            restoreDefaults()
        }
    }

    private func shortcutInRun(_ name: String, _ group: GroupNode) throws(TrajectoryError) -> Node {
        if let direct = group.directChild(name) { return direct }
        return try shortcut(name, below: group)
    }
}
