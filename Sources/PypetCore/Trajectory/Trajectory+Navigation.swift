extension Trajectory {
    /// Calls `body` with the run indices of `stride(from: start, to: stop, by: step)` (stop defaults to the
    /// number of runs), each run made current; defaults are restored afterwards, also when `body` throws.
    /// A step of 0 or indices outside the runs throw ``TrajectoryError/Code/invalidValue``.
    public func forEachRun(
        from start: Int, to stop: Int? = nil, by step: Int = 1, _ body: (Int) throws -> Void
    ) throws {
        let end = stop ?? length
        guard step != 0 else { throw TrajectoryError.invalidValue("the step between runs cannot be 0") }
        guard (0...length).contains(start) || (step < 0 && (0..<length).contains(start)), (-1...length).contains(end) else {
            throw TrajectoryError.invalidValue("runs \(start) to \(end) are outside the \(length) runs of '\(name)'")
        }
        defer { restoreDefaults() }
        for index in stride(from: start, to: end, by: step) {
            try setCurrentRun(index)
            try body(index)
        }
    }

    /// ``resultsFromRuns(_:)``, plus the value in the default run's group (`run_ALL`, what `$` names
    /// outside a run) under the key -1 when there is one (pypet's `include_default_run`).
    public func resultsFromRuns(_ name: String, includingDefaultRun: Bool) throws(TrajectoryError) -> [Int: PypetValue] {
        var values = try resultsFromRuns(name)
        guard includingDefaultRun else { return values }
        for branch in [results, derivedParameters] {
            guard let runs = branch.directChild("runs") as? GroupNode, let group = runs.directChild("run_ALL") as? GroupNode else { continue }
            let components = NodeName.components(name)
            var node: Node? = group
            for component in components { node = (node as? GroupNode)?.directChild(component) }
            switch node {
            case let result as ResultNode: values[-1] = try result.value
            case let parameter as Parameter: values[-1] = parameter.peek()
            default: continue
            }
        }
        return values
    }

    /// Every parameter (and, with `includingConfig`/`includingDerived`, config and derived parameters) by
    /// full name with its value: the current run's explored value in a run, the default otherwise (pypet's
    /// `f_get_parameters(fast_access=True)`).
    public func parameterValues(includingConfig: Bool = false, includingDerived: Bool = false) -> [String: PypetValue] {
        var branches = [parameters]
        if includingConfig { branches.append(config) }
        if includingDerived { branches.append(derivedParameters) }
        var values: [String: PypetValue] = [:]
        for branch in branches {
            for case let parameter as Parameter in branch.leaves() { values[parameter.fullName] = parameter.peek() }
        }
        return values
    }

    /// A new trajectory with this one's parameters, exploration and user config (pypet's loading
    /// `as_new`): no runs done, no results, no environment or merge records, so the same study can run
    /// again (into another file, or with other settings). Named `name`, or like this one.
    public func asNew(name newName: String? = nil, comment newComment: String? = nil) throws(TrajectoryError) -> Trajectory {
        let copy = try Trajectory(name: newName ?? name, comment: newComment ?? comment)
        for case let parameter as Parameter in parameters.leaves() {
            try copy.addParameter(parameter.fullName, parameter.defaultValue, comment: parameter.comment)
        }
        for case let parameter as Parameter in config.leaves() {
            let below = NodeName.components(parameter.fullName).dropFirst()
            guard let first = below.first, first != "environment", first != "merge" else { continue }
            try copy.addConfig(below.joined(separator: "."), parameter.defaultValue, comment: parameter.comment)
        }
        var ranges: [String: [PypetValue]] = [:]
        for case let parameter as Parameter in parameters.leaves() where parameter.isExplored { ranges[parameter.fullName] = parameter.range }
        if !ranges.isEmpty { try copy.explore(ranges) }
        return copy
    }
}
