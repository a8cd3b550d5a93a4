package import PypetCore

/// Everything one finished run commits: its status, its timing, and the results and derived parameters
/// it added. The unit the journal stores and part files seal.
package struct RunRecord: Sendable, Hashable, Codable {
    /// How the run ended.
    package enum Status: Sendable, Hashable, Codable {
        /// The run finished.
        case completed
        /// The run's job threw; the message says why. The run stays not completed.
        case failed(String)
    }

    /// One leaf the run added.
    package struct Leaf: Sendable, Hashable, Codable {
        /// What kind of leaf.
        package enum Kind: UInt8, Sendable, Hashable, Codable {
            case result = 0
            case derivedParameter = 1
            /// Points appended to the explored parameters (an expansion): the item `start` (the first
            /// new run index) and one list item per explored parameter, by full name.
            case exploration = 2
            /// Rows a run appends to a shared table result of the trajectory (pypet's `SharedTable`):
            /// the leaf's full name is the result's, its item `rows` a table whose first column is `run`.
            case sharedRows = 3
        }

        /// The leaf's full name, such as `results.runs.run_00000003.loss`.
        package var fullName: String
        /// The kind.
        package var kind: Kind
        /// The leaf's comment.
        package var comment: String
        /// The items (a derived parameter has one, named like the leaf).
        package var items: [Item]

        /// Creates a leaf.
        package init(fullName: String, kind: Kind, comment: String = "", items: [Item]) {
            self.fullName = fullName
            self.kind = kind
            self.comment = comment
            self.items = items
        }
    }

    /// One named value.
    package struct Item: Sendable, Hashable, Codable {
        /// The item's name.
        package var name: String
        /// The value.
        package var value: PypetValue

        /// Creates an item.
        package init(_ name: String, _ value: PypetValue) {
            self.name = name
            self.value = value
        }
    }

    /// The run index; ``trajectoryIndex`` (-1) for a record of the trajectory's own leaves (an
    /// optimizer's generation records), which belong to no run.
    package var index: Int
    /// How it ended.
    package var status: Status
    /// When it started and finished (seconds since 1970).
    package var started: Double, finished: Double
    /// The leaves it added.
    package var leaves: [Leaf]
    /// The value the run's job returned, when it is a `PypetValue` (kept in the journal, the parts and
    /// the file's `overview/run_values`, so a resumed driver can reuse it without running the job again).
    package var value: PypetValue?

    /// Creates a record.
    /// The index of records that hold leaves of the trajectory itself rather than of a run.
    package static let trajectoryIndex = -1

    /// A record of leaves that belong to the trajectory, not to a run (committed like runs: journal, parts,
    /// merge), such as an optimizer's generation record.
    package static func trajectoryLeaves(_ leaves: [Leaf], at timestamp: Double) -> RunRecord {
        RunRecord(index: trajectoryIndex, status: .completed, started: timestamp, finished: timestamp, leaves: leaves)
    }

    /// A record of an expansion of the trajectory by `points` (explored parameter full name to the new
    /// values) whose first run is `start`. Committed before the new runs start, so recovery after a crash
    /// can expand the stored trajectory again and keep every run of the expansion.
    package static func expansion(start: Int, points: [String: [PypetValue]], at timestamp: Double) -> RunRecord {
        var items = [Item("start", .int(start))]
        for name in points.keys.sorted() { items.append(Item(name, .list(points[name] ?? []))) }
        return trajectoryLeaves([Leaf(fullName: "expansion", kind: .exploration, items: items)], at: timestamp)
    }

    /// Whether this record holds trajectory leaves rather than a run.
    package var isTrajectoryRecord: Bool { index == Self.trajectoryIndex }

    /// A record of run `index` (or ``trajectoryIndex``) with its status, times, leaves and return value.
    package init(index: Int, status: Status, started: Double, finished: Double, leaves: [Leaf] = [], value: PypetValue? = nil) {
        self.index = index
        self.status = status
        self.started = started
        self.finished = finished
        self.leaves = leaves
        self.value = value
    }

    /// A record of run `index` holding every result and derived parameter below that run's groups
    /// (`run_XXXXXXXX` anywhere in `results` or `derived_parameters`) of `trajectory`.
    package static func collect(
        from trajectory: Trajectory, run index: Int, status: Status, started: Double, finished: Double
    ) throws(TrajectoryError) -> RunRecord {
        // The run's groups come from the trajectory's name index: the cost does not grow with the
        // number of other runs' results.
        var leaves: [Leaf] = []
        let groups = trajectory.allNodes(named: NodeName.run(index)).compactMap { $0 as? GroupNode }
            .filter { $0.fullName.hasPrefix("results.") || $0.fullName.hasPrefix("derived_parameters.") }
        for group in groups {
            for leaf in group.leaves() {
                if let record = try Leaf(leaf) { leaves.append(record) }
            }
        }
        return RunRecord(index: index, status: status, started: started, finished: finished, leaves: leaves)
    }

    /// Adds this record's leaves to `trajectory` (leaves it already has are kept) and marks the run.
    package func apply(to trajectory: Trajectory) throws(TrajectoryError) {
        for leaf in leaves where leaf.kind != .exploration { try leaf.add(to: trajectory) }
        guard !isTrajectoryRecord else { return }
        try Self.mark(index, status, started: started, finished: finished, prunedStep: prunedStep, in: trajectory)
    }

    /// Marks run `index` started, then completed (and pruned at `prunedStep`) or failed, in `trajectory`.
    package static func mark(
        _ index: Int, _ status: Status, started: Double, finished: Double, prunedStep: Int?, in trajectory: Trajectory
    ) throws(TrajectoryError) {
        try trajectory.markRunStarted(index, at: started)
        switch status {
        case .completed:
            try trajectory.markRunCompleted(index, at: finished)
            if let step = prunedStep { try trajectory.markRunPruned(index, atStep: step) }
        case .failed(let message): try trajectory.markRunFailed(index, message: message, at: finished)
        }
    }
}

extension RunRecord.Leaf {
    /// The record of a result or derived parameter; nil for other leaves.
    package init?(_ leaf: LeafNode) throws(TrajectoryError) {
        switch leaf {
        case let result as ResultNode:
            var items: [RunRecord.Item] = []
            for name in result.itemNames { items.append(RunRecord.Item(name, try result.item(name))) }
            self.init(fullName: result.fullName, kind: .result, comment: result.comment, items: items)
        case let parameter as Parameter where parameter.fullName.hasPrefix("derived_parameters."):
            self.init(
                fullName: parameter.fullName, kind: .derivedParameter, comment: parameter.comment,
                items: [RunRecord.Item(parameter.name, parameter.peek())])
        default:
            return nil
        }
    }

    /// Adds the leaf to `trajectory`; an existing result gains the items it lacks, an existing derived
    /// parameter is kept.
    package func add(to trajectory: Trajectory) throws(TrajectoryError) {
        let relative = fullName.split(separator: ".").dropFirst().joined(separator: ".")
        switch kind {
        case .exploration:
            try expand(trajectory)
        case .result:
            let result: ResultNode
            if let existing = try? trajectory.result(fullName), existing.fullName == fullName {
                result = existing
            } else {
                result = try trajectory.addResult(relative, comment: comment)
            }
            for item in items where !result.itemNames.contains(item.name) {
                try result.set(item.name, item.value)
            }
        case .derivedParameter:
            guard let value = items.first?.value, (try? trajectory.parameter(fullName))?.fullName != fullName else { return }
            try trajectory.addDerivedParameter(relative, value, comment: comment)
        case .sharedRows:
            for item in items {
                if case .table(let rows) = item.value { try trajectory.setSharedRows(fullName, rows) }
            }
        }
    }

    /// Applies an exploration leaf: expands `trajectory` by its points unless it already holds them.
    /// A trajectory shorter than the expansion's start cannot take it (an earlier expansion is missing).
    func expand(_ trajectory: Trajectory) throws(TrajectoryError) {
        guard kind == .exploration, case .int(let start)? = items.first(where: { $0.name == "start" })?.value else { return }
        var points: [String: [PypetValue]] = [:]
        for item in items where item.name != "start" {
            guard case .list(let values) = item.value else { continue }
            points[item.name] = values
        }
        let count = points.values.first?.count ?? 0
        if trajectory.length >= start + count { return }
        guard trajectory.length == start else {
            throw TrajectoryError(
                code: .explorationMismatch,
                message: "an expansion starting at run \(start) cannot follow a trajectory of \(trajectory.length) runs",
                name: trajectory.name)
        }
        try trajectory.expand(points)
    }
}
