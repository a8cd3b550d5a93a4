public import GSLRandom
public import PypetCore
import PypetStorage

/// What a job sees during one run: its parameters with this run's explored values, its own random stream,
/// and a place for its results. A context belongs to one run and is never shared between runs, so runs
/// never touch the environment's mutable trajectory.
///
/// Parameters are read by natural naming (`context.x`, `context.neuron.gL`, `context.par.gL`) ending in
/// ``ParameterLookup/value(as:)``, or directly with ``value(_:as:)`` and the string subscript.
/// Results go below the run's group: `addResult("z", 12)` in run 3 becomes
/// `results.runs.run_00000003.z` (or `results.run_set_00000.run_00000003.z` with run sets).
@dynamicMemberLookup
public final class RunContext {
    /// The run index.
    public let index: Int
    /// The run's name, `run_00000003`.
    public var name: String { NodeName.run(index) }
    /// The name of the run's set bucket, `run_set_00000` (runs 0...999).
    public var setName: String { NodeName.runSet(index) }
    /// The explored parameters' values for this run, by full name.
    public let exploredValues: [String: PypetValue]
    let request: RunRequest
    private(set) var leaves: [RunRecord.Leaf] = []
    /// The full names of the leaves, once there are more than a few (below that, the leaves are searched).
    private var leafNames: Set<String> = []
    /// The run's group prefix below `results` and `derived_parameters` (`results.runs.run_00000007.`), made once.
    private var placedPrefixes: (results: String?, derived: String?) = (nil, nil)
    private var stream: RandomStream?
    private var curve: LearningCurve
    private var ended = false
    /// Rows appended to shared tables, by the table's full name (in first-append order), column by column.
    private var sharedRows: [(name: String, columns: [String], values: [[PypetValue]])] = []

    /// A context for `request` (the environment creates them; tests and custom executors may too).
    public init(_ request: RunRequest) {
        index = request.index
        exploredValues = request.explored
        self.request = request
        curve = LearningCurve(run: request.index)
    }

    /// A context that replays a recorded run (`GenerationReplay.verify`): ``report(step:value:)`` returns
    /// true at the first step at or after `prunedAtStep`, where the pruner stopped the recorded run, so the
    /// job stops where it stopped then; nil for a run that was not pruned.
    public convenience init(_ request: RunRequest, replayingPruningAt prunedAtStep: Int?) {
        self.init(request)
        replayedPruningStep = prunedAtStep
    }

    /// The step at which a replayed run was pruned when it was recorded.
    private var replayedPruningStep: Int?

    /// The run's own GSL stream (mt19937), derived from the environment's seed and the run index, so a
    /// run draws the same numbers whatever the core count or scheduling order. Created on first use.
    public var random: RandomStream {
        get throws(RandomStreamError) {
            if let stream { return stream }
            let created = try RandomStream(seed: request.seed, keys: [UInt64(index)])
            stream = created
            return created
        }
    }

    // MARK: Parameters

    /// The value of a parameter, config or derived parameter by full name or shortcut, with this run's
    /// explored value.
    public subscript(_ name: String) -> PypetValue {
        get throws(TrajectoryError) {
            let full = try request.parameters.resolve(name)
            if let explored = exploredValues[full] { return explored }
            guard let value = request.parameters.values[full] else { throw TrajectoryError(code: .notFound, message: "no parameter '\(name)'", name: name) }
            return value
        }
    }

    /// The value of a parameter as a Swift type (strict, like the trajectory: an `.int` is not a `Double`).
    public func value<T: PypetValueConvertible>(_ name: String, as type: T.Type = T.self) throws(TrajectoryError) -> T {
        try T(pypetValue: try self[name])
    }

    /// Natural naming: `context.x`, `context.neuron.gL`, `context.par.gL`.
    public subscript(dynamicMember member: String) -> ParameterLookup {
        ParameterLookup(context: self, path: member)
    }

    // MARK: Results

    /// Adds a result holding one item named like the result. The name is relative to the run's group
    /// (`z`, `traces.v`); `$` and `$set` may place it explicitly (`runs.$.z`, `$set.$.z`).
    public func addResult(_ name: String, _ value: PypetValue, comment: String = "") throws(TrajectoryError) {
        let full = try place(name, branch: "results")
        try add(RunRecord.Leaf(fullName: full, kind: .result, comment: comment, items: [RunRecord.Item(Self.last(full, placing: name), value)]))
    }

    /// Adds a result from a Swift value.
    public func addResult<T: PypetValueConvertible>(_ name: String, _ value: T, comment: String = "") throws(TrajectoryError) {
        try addResult(name, value.pypetValue, comment: comment)
    }

    /// Adds a result with several named items, in the given order. Dotted item names nest one level
    /// (`"stats.mean"`, `"stats.n"`: a dictionary item `stats`; read back as `results...x.stats.mean`).
    public func addResult(_ name: String, items: KeyValuePairs<String, PypetValue>, comment: String = "") throws(TrajectoryError) {
        let full = try place(name, branch: "results")
        // The result node checks names, nesting and values exactly as the trajectory's own results do.
        let check = ResultNode(name: Self.last(full), comment: comment)
        for (item, value) in items {
            if (try? check.item(item)) != nil {
                throw TrajectoryError(code: .alreadyExists, message: "item '\(item)' given twice", name: full)
            }
            try check.set(item, value)
        }
        let collected = try check.itemNames.map { item throws(TrajectoryError) in RunRecord.Item(item, try check.item(item)) }
        try add(RunRecord.Leaf(fullName: full, kind: .result, comment: comment, items: collected))
    }

    /// Appends a row to the shared table `name` of the trajectory (pypet's `SharedTable`): one table below
    /// `results` (`results.losses` for `"losses"`) that every run appends rows to, durable with the run like
    /// its results. In the file the table has a first column `run` and the rows in run order (within a run,
    /// in append order), whatever the core count or finishing order; `pd.DataFrame(f[".../losses/losses"][()])`
    /// reads it. Values are numbers, booleans or strings; every row of a table has the same columns, of the
    /// same types.
    ///
    /// ```swift
    /// for epoch in 1...epochs { try run.appendRow(to: "losses", ["epoch": .int(epoch), "loss": .double(loss)]) }
    /// ```
    public func appendRow(to name: String, _ row: KeyValuePairs<String, PypetValue>) throws(TrajectoryError) {
        guard !ended else {
            throw TrajectoryError(code: .invalidValue, message: "run \(index) appended a row after it ended; append only from inside the job", name: name)
        }
        var components = ParameterSnapshot.components(name)
        if components.first == "results" || NodeName.branchAliases[components.first ?? ""] == "results" { components.removeFirst() }
        guard !components.isEmpty else { throw TrajectoryError(code: .invalidName, message: "empty name", name: name) }
        for component in components { try NodeName.validate(component) }
        let full = (["results"] + components).joined(separator: ".")
        let columns = row.map(\.key)
        guard !columns.isEmpty else { throw TrajectoryError(code: .invalidValue, message: "a shared row needs at least one column", name: full) }
        for (column, value) in row {
            try NodeName.validate(column)
            guard column != Trajectory.sharedRunColumn else {
                throw TrajectoryError(code: .invalidName, message: "the column '\(column)' is the run's index, added for you", name: full)
            }
            switch value {
            case .bool, .int, .double, .string: continue
            default:
                throw TrajectoryError(code: .invalidValue, message: "column '\(column)' holds \(value.typeDescription); shared rows hold numbers, booleans or strings", name: full)
            }
        }
        guard Set(columns).count == columns.count else { throw TrajectoryError(code: .alreadyExists, message: "a column is given twice", name: full) }
        if let position = sharedRows.firstIndex(where: { $0.name == full }) {
            let known = sharedRows[position]
            guard known.columns == columns,
                zip(known.values.first ?? [], row.map(\.value)).allSatisfy({ $0.hasSameType(as: $1) })
            else {
                throw TrajectoryError(
                    code: .invalidValue,
                    message: "this row has columns \(columns.joined(separator: ", ")) (or other types) where earlier rows had \(known.columns.joined(separator: ", "))",
                    name: full)
            }
            sharedRows[position].values.append(row.map(\.value))
        } else {
            sharedRows.append((full, columns, [row.map(\.value)]))
        }
    }

    /// Adds a derived parameter below the run's group in `derived_parameters`.
    public func addDerivedParameter(_ name: String, _ value: PypetValue, comment: String = "") throws(TrajectoryError) {
        let full = try place(name, branch: "derived_parameters")
        try add(RunRecord.Leaf(fullName: full, kind: .derivedParameter, comment: comment, items: [RunRecord.Item(Self.last(full, placing: name), value)]))
    }

    /// The full names of the results and derived parameters added so far.
    public var addedNames: [String] { leaves.map(\.fullName) }

    // MARK: Reporting and pruning

    /// Reports an intermediate value (a validation error after an epoch, a loss after an iteration) and
    /// returns whether the environment's pruner (``EnvironmentOptions/pruning``) stops this run: when it
    /// returns true, end the job (return the value reached so far); the run is then recorded as **pruned**
    /// at this step, which is not a failure. Every report lands in the run's `learning_curve` result.
    /// Without pruning it only records and returns false.
    ///
    /// ```swift
    /// for epoch in 1...epochs {
    ///     network.train(epoch: epoch)
    ///     error = network.validationError()
    ///     if try run.report(step: epoch, value: error) { break }
    /// }
    /// return Fitness(error)
    /// ```
    ///
    /// Steps must increase from one report to the next and must not be negative; values must be finite.
    /// Reporting after the run ended (from a context kept past its job) is an error too.
    @discardableResult
    public func report(step: Int, value: Double) throws(EnvironmentError) -> Bool {
        guard !ended else {
            throw EnvironmentError(code: .invalidArgument, message: "run \(index) reported step \(step) after it ended; report only from inside the job", run: index)
        }
        guard step >= 0 else {
            throw EnvironmentError(code: .invalidArgument, message: "run \(index) reported the negative step \(step); steps count from 0", run: index)
        }
        if let last = curve.lastStep, step <= last {
            throw EnvironmentError(
                code: .invalidArgument, message: "run \(index) reported step \(step) after step \(last); steps must increase", run: index)
        }
        guard value.isFinite else {
            throw EnvironmentError(
                code: .invalidArgument, message: "run \(index) reported \(value) at step \(step); report finite values (mark the run failed by throwing instead)", run: index)
        }
        curve.steps.append(step)
        curve.values.append(value)
        if curve.prunedAtStep != nil { return true }
        if let replayed = replayedPruningStep {
            guard step >= replayed else { return false }
            curve.prunedAtStep = step
            return true
        }
        guard let plan = request.pruning else { return false }
        if plan.pruning.pruner.shouldPrune(curve, step: step, reference: plan.reference, direction: plan.pruning.direction) {
            curve.prunedAtStep = step
            return true
        }
        return false
    }

    /// Whether the pruner stopped this run (a report returned true).
    public var isPruned: Bool { curve.prunedAtStep != nil }

    /// The values reported so far.
    public var learningCurve: LearningCurve { curve }

    // MARK: Internal

    private func add(_ leaf: RunRecord.Leaf) throws(TrajectoryError) {
        guard !hasLeaf(leaf.fullName) else {
            throw TrajectoryError(code: .alreadyExists, message: "'\(leaf.fullName)' was already added in this run", name: leaf.fullName)
        }
        leaves.append(leaf)
        if leaves.count == Self.searchedLeaves {
            leafNames = Set(leaves.map(\.fullName))
        } else if leaves.count > Self.searchedLeaves {
            leafNames.insert(leaf.fullName)
        }
    }

    /// Up to this many leaves, a name is looked for among them rather than in a set.
    private static let searchedLeaves = 8

    private func hasLeaf(_ fullName: String) -> Bool {
        leaves.count < Self.searchedLeaves ? leaves.contains { $0.fullName == fullName } : leafNames.contains(fullName)
    }

    /// The full name of a run leaf `name` below `branch`.
    func place(_ name: String, branch: String) throws(TrajectoryError) -> String {
        // The common case, a plain name (`z`): validated and placed without splitting.
        if !name.utf8.contains(UInt8(ascii: ".")), name != branch, NodeName.branchAliases[name] == nil,
            name != "$", name != "crun", name != "$set", name != "crunset"
        {
            try NodeName.validate(name)
            return runPrefix(branch) + name
        }
        var components = ParameterSnapshot.components(name)
        if components.first == branch || NodeName.branchAliases[components.first ?? ""] == branch { components.removeFirst() }
        guard !components.isEmpty else { throw TrajectoryError(code: .invalidName, message: "empty name", name: name) }
        let hasRunAlias = components.contains { $0 == "$" || $0 == "crun" }
        components = components.map { component in
            switch component {
            case "$", "crun": self.name
            case "$set", "crunset": self.setName
            default: component
            }
        }
        for component in components { try NodeName.validate(component) }
        if !hasRunAlias {
            components = (request.usesRunSets ? [setName, self.name] : ["runs", self.name]) + components
        }
        return ([branch] + components).joined(separator: ".")
    }

    /// `branch.runs.run_00000007.` or `branch.run_set_00000.run_00000007.` (made once per branch for
    /// `results` and `derived_parameters`).
    private func runPrefix(_ branch: String) -> String {
        switch branch {
        case "results": if let made = placedPrefixes.results { return made }
        case "derived_parameters": if let made = placedPrefixes.derived { return made }
        default: break
        }
        // One allocation: `branch.run_set_00000.run_00000007.` is at most a few dozen bytes.
        var made = ""
        made.reserveCapacity(branch.utf8.count + 40)
        made += branch
        made += "."
        made += request.usesRunSets ? setName : "runs"
        made += "."
        made += name
        made += "."
        switch branch {
        case "results": placedPrefixes.results = made
        case "derived_parameters": placedPrefixes.derived = made
        default: break
        }
        return made
    }

    private static func last(_ fullName: String) -> String {
        NodeName.lastComponent(of: fullName)
    }

    /// The last component of `fullName`, placed from `name`: `name` itself when it has no dot (then
    /// ``place(_:branch:)`` appended it unchanged, aliases being rejected or dotted).
    private static func last(_ fullName: String, placing name: String) -> String {
        let dot = UInt8(ascii: "."), full = fullName.utf8
        guard full.count > name.utf8.count, !name.utf8.contains(dot) else { return last(fullName) }
        let tail = full.suffix(name.utf8.count + 1)
        return tail.first == dot && tail.dropFirst().elementsEqual(name.utf8) ? name : last(fullName)
    }

    /// The run's record once the job ended (with its learning curve as a result when it reported).
    func record(status: RunRecord.Status, started: Double, finished: Double) -> RunRecord {
        ended = true
        var leaves = leaves
        if !curve.steps.isEmpty, let full = try? place(RunRecord.learningCurveName, branch: "results"), !hasLeaf(full) {
            var items = [RunRecord.Item("step", .array(NDArray(curve.steps))), RunRecord.Item("value", .array(NDArray(curve.values)))]
            if let step = curve.prunedAtStep { items.append(RunRecord.Item("pruned_at_step", .int(step))) }
            leaves.append(RunRecord.Leaf(fullName: full, kind: .result, comment: "the values the run reported, by step", items: items))
        }
        for shared in sharedRows {
            if let table = Self.table(run: index, shared.columns, shared.values) {
                leaves.append(RunRecord.Leaf(fullName: shared.name, kind: .sharedRows, items: [RunRecord.Item("rows", .table(table))]))
            }
        }
        return RunRecord(index: index, status: status, started: started, finished: finished, leaves: leaves)
    }

    /// The rows as a table with the run column first (nil only if the checked values did not fit).
    private static func table(run: Int, _ columns: [String], _ rows: [[PypetValue]]) -> DataTable? {
        var built: [(String, DataTable.Column)] = [(Trajectory.sharedRunColumn, .int(Array(repeating: run, count: rows.count)))]
        for (position, column) in columns.enumerated() {
            let values = rows.map { $0[position] }
            switch values.first {
            case .bool?: built.append((column, .bool(values.compactMap { if case .bool(let v) = $0 { v } else { nil } })))
            case .int?: built.append((column, .int(values.compactMap { if case .int(let v) = $0 { v } else { nil } })))
            case .double?: built.append((column, .double(values.compactMap { if case .double(let v) = $0 { v } else { nil } })))
            case .string?: built.append((column, .string(values.compactMap { if case .string(let v) = $0 { v } else { nil } })))
            default: return nil
            }
        }
        return try? DataTable(built)
    }
}
