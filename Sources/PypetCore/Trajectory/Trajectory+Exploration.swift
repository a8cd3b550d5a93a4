extension Trajectory {
    /// The number of runs: the length of the explored ranges, or 1 when nothing is explored.
    public var length: Int { runs.count }

    /// The full names of the explored parameters, in the order they were explored.
    public var exploredParameterNames: [String] { exploredNames }

    /// Explores parameters: every range must be non-empty, all of one length (together with parameters
    /// explored before), and of the type of its parameter's default. Parameters may be named by full name
    /// or shortcut. Not allowed once a run completed; use ``expand(_:)`` then. Nothing changes on error.
    public func explore(_ ranges: [String: [PypetValue]]) throws(TrajectoryError) {
        if let done = runs.first(where: \.completed) {
            throw TrajectoryError(
                code: .explorationMismatch, message: "run \(done.index) completed; use expand to add runs", name: done.name)
        }
        let resolved = try resolveRanges(ranges)
        var lengths = Set(resolved.map(\.1.count))
        for parameter in exploredParameters where !resolved.contains(where: { $0.0 === parameter }) {
            lengths.insert(parameter.range.count)
        }
        guard lengths.count == 1, let length = lengths.first else {
            throw TrajectoryError(code: .unequalLengths, message: "explored ranges have different lengths \(lengths.sorted())")
        }
        for (parameter, values) in resolved {
            parameter.replaceRange(values)
            if !exploredParameters.contains(where: { $0 === parameter }) {
                exploredParameters.append(parameter)
                exploredNames.append(parameter.fullName)
            }
        }
        runs = RunStatuses(count: length)
        refreshCurrentRun()
    }

    /// Appends points to the explored ranges, adding runs. `points` must name exactly the explored
    /// parameters, with ranges of one length and of the right types. Costs O(new points): earlier
    /// values and runs are never rewritten. With nothing explored yet, it explores.
    public func expand(_ points: [String: [PypetValue]]) throws(TrajectoryError) {
        guard !exploredParameters.isEmpty else { return try explore(points) }
        let resolved = try resolveRanges(points)
        let named = Set(resolved.map { ObjectIdentifier($0.0) })
        let explored = Set(exploredParameters.map(ObjectIdentifier.init))
        guard named == explored else {
            let names = resolved.map(\.0.fullName).sorted()
            throw TrajectoryError(
                code: .explorationMismatch,
                message: "expand must name exactly the explored parameters \(exploredNames), not \(names)",
                candidates: exploredNames)
        }
        let lengths = Set(resolved.map(\.1.count))
        guard lengths.count == 1, let added = lengths.first else {
            throw TrajectoryError(code: .unequalLengths, message: "expanded ranges have different lengths \(lengths.sorted())")
        }
        for (parameter, values) in resolved { parameter.appendRange(values) }
        runs.append(count: added)
    }

    /// Groups run indices by identical values of `parameterNames`, in order of first occurrence.
    public func uniquePoints(of parameterNames: [String]) throws(TrajectoryError) -> [(values: [PypetValue], runs: [Int])] {
        var parameters: [Parameter] = []
        for name in parameterNames { parameters.append(try parameter(name)) }
        var order: [[PypetValue]] = []
        var groups: [[PypetValue]: [Int]] = [:]
        for run in 0..<length {
            let point = parameters.map { $0.range.isEmpty ? $0.defaultValue : $0.range[run] }
            if groups[point] == nil { order.append(point) }
            groups[point, default: []].append(run)
        }
        return order.map { ($0, groups[$0] ?? []) }
    }

    // MARK: Internal

    private func resolveRanges(_ ranges: [String: [PypetValue]]) throws(TrajectoryError) -> [(Parameter, [PypetValue])] {
        guard !ranges.isEmpty else { throw .invalidValue("nothing to explore") }
        var resolved: [(Parameter, [PypetValue])] = []
        for (name, values) in ranges.sorted(by: { $0.key < $1.key }) {
            let parameter = try self.parameter(name)
            guard parameter.fullName.hasPrefix("parameters.") else {
                throw TrajectoryError(
                    code: .explorationMismatch, message: "only parameters can be explored, not '\(parameter.fullName)'",
                    name: parameter.fullName)
            }
            guard !values.isEmpty else { throw .invalidValue("empty range", name: parameter.fullName) }
            for value in values { try parameter.checkType(value) }
            guard !resolved.contains(where: { $0.0 === parameter }) else {
                throw .invalidValue("parameter named twice", name: parameter.fullName)
            }
            resolved.append((parameter, values))
        }
        return resolved
    }

    /// The parameter summaries of the runs in `runs` (`x: 1.0, y: 2`, as in pypet's runs table), with the
    /// name prefixes built once: for writers of whole runs tables.
    public func parameterSummaries(_ runs: Range<Int>) -> [String] {
        guard !exploredParameters.isEmpty else { return Array(repeating: "", count: runs.count) }
        let prefixes = summaryPrefixes(), ranges = exploredParameters.map(\.range)
        return runs.map { summary(of: $0, prefixes: prefixes, ranges: ranges) }
    }

    /// `name: value` of every explored parameter in run `index`, at most 512 characters.
    func summary(of index: Int) -> String {
        summary(of: index, prefixes: summaryPrefixes(), ranges: exploredParameters.map(\.range))
    }

    /// `x: `, `, y: `, ...: the short names of the explored parameters, as the summary shows them.
    private func summaryPrefixes() -> [String] {
        exploredNames.enumerated().map { position, name in
            (position > 0 ? ", " : "") + NodeName.lastComponent(of: name) + ": "
        }
    }

    private func summary(of index: Int, prefixes: [String], ranges: [[PypetValue]]) -> String {
        var text = ""
        for (prefix, range) in zip(prefixes, ranges) where index < range.count {
            text += prefix
            text += Self.brief(range[index])
        }
        return text.utf8.count <= 512 ? text : String(text.prefix(509)) + "..."
    }

    static func brief(_ value: PypetValue) -> String {
        switch value {
        case .bool(let v): "\(v)"
        case .int(let v): "\(v)"
        case .double(let v): v.description
        case .float(let v): "\(v)"
        case .string(let v): v
        case .complex(let v): "\(v.real)+\(v.imaginary)i"
        default: value.typeDescription
        }
    }
}
