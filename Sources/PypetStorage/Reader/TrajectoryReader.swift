import HDF5
import PypetCore

/// Rebuilds a trajectory from a file in pypet's layout, written by swift-pypet or by pypet itself.
final class TrajectoryReader {
    let base: HDF5Group
    let trajectory: Trajectory
    let options: LoadOptions
    let filePath: String
    private(set) var failures: [StorageError] = []
    private var ranges: [String: [PypetValue]] = [:]
    private var links: [(group: String, name: String, target: String)] = []
    /// Index entries of runs' results by run index (empty without a usable index).
    private var indexed: [Int: RunRecord] = [:]
    /// In a file merged in the columns layout, the index entries: the only copy of the results of runs that
    /// have no groups.
    private var indexOnly: [Int: RunRecord] = [:]

    init(base: HDF5Group, filePath: String, customTypes: CustomTypeRegistry, options: LoadOptions) throws {
        self.base = base
        self.filePath = filePath
        self.options = options
        let info = try? base.openTable("overview/info").row(0)
        let name = info?["name"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } ?? base.name
        trajectory = try Trajectory(
            name: name, comment: info?["comment"]?.stringValue ?? "",
            timestamp: info?["timestamp"]?.doubleValue, customTypes: customTypes)
    }

    func read() throws -> LoadedTrajectory {
        if options.results == .data, options.usesResultsIndex { indexed = ResultsIndex.read(base) }
        if options.mode(forBranch: "results") != .nothing, ResultsIndex.holdsRunsWithoutGroups(base) {
            if options.includesRunGroups {
                indexOnly = indexed.isEmpty ? ResultsIndex.read(base) : indexed
            } else if !options.runGroupNames.isEmpty, let table = try? base.openTable("overview/" + ResultsIndex.name) {
                // Only the runs asked for by name, each found by bisection: a look at one run of a million
                // reads a few chunks of the table.
                for name in options.runGroupNames where NodeName.isRunName(name) {
                    guard let index = Int(name.dropFirst(4)) else { continue }
                    do {
                        if let entry = try ResultsIndexTable.read(table, run: index) { indexOnly[index] = entry }
                    } catch {
                        failures.append(LeafReading.failure(error, item: "overview.results_index"))
                    }
                }
            }
        }
        for (name, kind) in try base.links() where name != "overview" && options.mode(forBranch: name) != .nothing {
            try visit(name, kind: kind, path: [name], in: base)
        }
        try addRunsWithoutGroups()
        try explore()
        for link in links {
            let target = link.target.hasPrefix(base.path + "/") ? String(link.target.dropFirst(base.path.count + 1)) : link.target
            guard let group = direct(link.group) as? GroupNode, let node = direct(target.replacingOccurrences(of: "/", with: ".")) else {
                continue
            }
            try group.addLink(link.name, to: node)
        }
        if options.withRunInformation { try readRuns() }
        return LoadedTrajectory(trajectory: trajectory, failures: failures)
    }

    // MARK: Tree

    private func visit(_ name: String, kind: HDF5LinkKind, path: [String], in parent: HDF5Group) throws {
        let fullName = path.joined(separator: ".")
        switch kind {
        case .group:
            let group = try parent.openGroup(name)
            let attributes = Set(try group.attributeNames())
            if !options.includesRunGroups, path.count == 2, path[0] == "results" || path[0] == "derived_parameters",
                name == "runs" || name.hasPrefix("run_set_"), !attributes.contains(Layout.leaf)
            {
                try readMeta(group, attributes: attributes, into: try trajectory.root.requireGroup(fullName))
                for wanted in options.runGroupNames where try group.contains(wanted) {
                    try visit(wanted, kind: .group, path: path + [wanted], in: group)
                }
                return
            }
            if !indexed.isEmpty, path.count == 2, path[0] == "results", name == "runs" || name.hasPrefix("run_set_"),
                !attributes.contains(Layout.leaf)
            {
                let node = try trajectory.root.requireGroup(fullName)
                try readMeta(group, attributes: attributes, into: node)
                try visitRuns(group, path: path)
                return
            }
            if attributes.contains(Layout.leaf), isLeaf(group) {
                do {
                    try readLeaf(group, attributes: attributes, path: path)
                } catch {
                    // One leaf that cannot be read (a missing or damaged part) fails alone.
                    failures.append(LeafReading.failure(error, item: fullName))
                }
                return
            }
            let node = try trajectory.root.requireGroup(path.joined(separator: "."))
            try readMeta(group, attributes: attributes, into: node)
            for (child, childKind) in try group.links() {
                try visit(child, kind: childKind, path: path + [child], in: group)
            }
        case .softLink(let target, _):
            links.append((path.dropLast().joined(separator: "."), name, target))
        default:
            return
        }
    }

    /// The run groups of a `runs` or `run_set_` group: a run whose index entry has as many leaves as its
    /// group has links gets its results from the entry; every other child is visited as usual.
    private func visitRuns(_ group: HDF5Group, path: [String]) throws {
        let prefix = path.joined(separator: ".") + "."
        let runs = try trajectory.root.requireGroup(path.joined(separator: "."))
        for child in try group.linkNames() {
            if child.hasPrefix("run_"), runs.directChild(child) == nil, let index = Int(child.dropFirst(4)), let entry = indexed[index],
                case let runPrefix = prefix + child + ".", entry.leaves.allSatisfy({ $0.fullName.hasPrefix(runPrefix) }),
                (try? group.linkCount(ofGroup: child)) == entry.leaves.count, addIndexed(entry, as: child, in: runs)
            {
                continue
            }
            guard let kind = try group.linkKind(child) else { continue }
            try visit(child, kind: kind, path: path + [child], in: group)
        }
    }

    /// Adds the run group `name` with the results of its index entry; false (and nothing added) when the
    /// trajectory refuses them, so that the run is read from its groups instead.
    private func addIndexed(_ entry: RunRecord, as name: String, in runs: GroupNode) -> Bool {
        do {
            let run = try runs.addGroup(name)
            do {
                for leaf in entry.leaves {
                    let result = try run.addResult(named: NodeName.lastComponent(of: leaf.fullName), comment: leaf.comment)
                    for item in leaf.items { try result.set(item.name, item.value) }
                }
                return true
            } catch {
                try? runs.removeChild(name, recursive: true)
                return false
            }
        } catch {
            return false
        }
    }

    /// Adds the runs whose results only the index holds (columns layout): every entry whose run has no
    /// results group in the file (and that the options ask for). Each run's group is added once to its
    /// bucket (`results.runs` or `results.run_set_00001`, looked up once per bucket), its results by name.
    private func addRunsWithoutGroups() throws {
        var buckets: [String: GroupNode] = [:]
        for index in indexOnly.keys.sorted() {
            guard let entry = indexOnly[index], let first = entry.leaves.first?.fullName else { continue }
            let components = first.split(separator: ".", maxSplits: 3).map(String.init)
            guard components.count == 4 else { continue }
            let run = components[2]
            if !options.includesRunGroups, !options.runGroupNames.contains(run) { continue }
            let bucketPath = components[0] + "." + components[1]
            let bucket: GroupNode
            if let known = buckets[bucketPath] {
                bucket = known
            } else {
                bucket = try trajectory.root.requireGroup(bucketPath)
                buckets[bucketPath] = bucket
            }
            if bucket.directChild(run) != nil { continue }
            if addIndexed(entry, as: run, in: bucket) { continue }
            // The trajectory refused the fast path (a name clash): each leaf on its own, failures reported.
            for leaf in entry.leaves {
                do {
                    let result = try trajectory.addResult(String(leaf.fullName.dropFirst("results.".count)), comment: leaf.comment)
                    for item in leaf.items { try result.set(item.name, item.value) }
                } catch {
                    failures.append(LeafReading.failure(error, item: leaf.fullName))
                }
            }
        }
    }

    private func isLeaf(_ group: HDF5Group) -> Bool {
        switch try? group.attribute(Layout.leaf) {
        case .bool(let flag)?: flag
        case .int(let value)?: value != 0
        default: false
        }
    }

    /// The node at a dotted path, following direct children only.
    private func direct(_ path: String) -> Node? {
        var node: Node = trajectory.root
        for component in path.split(separator: ".").map(String.init) {
            guard let group = node as? GroupNode, let child = group.directChild(component) else { return nil }
            node = child
        }
        return node
    }

    private func readMeta(_ group: HDF5Group, attributes: Set<String>, into node: Node) throws {
        if attributes.contains(Layout.comment), let comment = try? group.stringAttribute(Layout.comment) { node.comment = comment }
        for name in attributes.sorted() where name.hasPrefix(Layout.annotationPrefix) {
            let key = String(name.dropFirst(Layout.annotationPrefix.count))
            let raw: HDF5Value
            do {
                raw = try group.attribute(name)
            } catch {
                // An annotation of a type swift-pypet cannot read (a uint64, a pickle) fails alone.
                let cause = LeafReading.failure(error, item: node.fullName)
                failures.append(StorageError(
                    code: cause.code, message: "the annotation '\(key)' cannot be read: \(cause.message)", file: cause.file,
                    item: node.fullName, underlying: cause.underlying))
                continue
            }
            guard let value = Self.annotationValue(raw) else { continue }
            try? node.annotate(key, value)
        }
    }

    static func annotationValue(_ value: HDF5Value) -> PypetValue? {
        switch value {
        case .int(let v): .int(Int(v))
        case .double(let v): .double(v)
        case .bool(let v): .bool(v)
        case .string(let v): .string(v)
        case .complex(let v): .complex(v)
        case .intArray(let v): .list(v.map { .int(Int($0)) })
        case .doubleArray(let v): .list(v.map { .double($0) })
        case .boolArray(let v): .list(v.map { .bool($0) })
        case .stringArray(let v): .list(v.map { .string($0) })
        }
    }

    // MARK: Leaves

    private func readLeaf(_ group: HDF5Group, attributes: Set<String>, path: [String]) throws {
        let fullName = path.joined(separator: ".")
        let className = attributes.contains(Layout.className) ? (try? group.stringAttribute(Layout.className)) ?? "Result" : "Result"
        let branch = path.first ?? ""
        let inParameters = branch == "parameters" || branch == "derived_parameters" || branch == "config"
        let node: Node
        switch (className, inParameters) {
        case ("Parameter", true), ("ArrayParameter", true), ("SparseParameter", true), ("PickleParameter", true):
            node = try readParameter(
                group, className: className,
                customType: attributes.contains(Layout.customType) ? try? group.stringAttribute(Layout.customType) : nil, path: path)
        case ("Result", _) where branch == "results" || branch == "derived_parameters",
            ("SparseResult", _) where branch == "results", ("PickleResult", _) where branch == "results":
            node = try readResult(group, className: className, path: path)
        default:
            throw StorageError(
                code: .unsupported, message: "a \(className) leaf under '\(branch)' is not a kind of item swift-pypet reads",
                item: fullName)
        }
        try readMeta(group, attributes: attributes, into: node)
    }

    private func readParameter(_ group: HDF5Group, className: String, customType: String?, path: [String]) throws -> Parameter {
        let fullName = path.joined(separator: ".")
        let names = Set(try group.linkNames())
        let value: PypetValue
        var range: [PypetValue]?
        if names.contains("data" + LeafReading.arraySuffix) {
            // ArrayParameter: the default in `data__rr__`, each distinct explored array once in
            // `explored__rr__/set_NNNNN/xa_NNNNNNNN`, the runs' choice in the table `explored_data__rr__`.
            func array(_ path: String) throws -> PypetValue {
                try ValueDecoding.item(try group.openDataset(path), group: group, name: path, item: fullName)
            }
            value = try array("data" + LeafReading.arraySuffix)
            if names.contains("explored_data" + LeafReading.arraySuffix) {
                let indices = try LeafReading.explorationIndices(try group.openTable("explored_data" + LeafReading.arraySuffix), item: fullName)
                range = try LeafReading.range(indices, item: fullName) { index in
                    try array("explored\(LeafReading.arraySuffix)/set_\(Self.digits(index / 1000, 5))/xa_\(Self.digits(index, 8))")
                }
            }
        } else if names.contains("data" + LeafReading.sparseSuffix) {
            func matrix(_ path: String) throws -> PypetValue {
                .sparse(try SparseDecoding.matrix(hex: try LeafReading.text(try group.openDataset(path)), item: fullName))
            }
            value = try matrix("data" + LeafReading.sparseSuffix)
            if names.contains("explored_data" + LeafReading.sparseSuffix) {
                let indices = try LeafReading.explorationIndices(try group.openTable("explored_data" + LeafReading.sparseSuffix), item: fullName)
                range = try LeafReading.range(indices, item: fullName) { index in
                    try matrix("xspm\(LeafReading.sparseSuffix)\(Self.digits(index, 8))")
                }
            }
        } else if className == "PickleParameter" {
            let pickleProtocol = LeafReading.pickleProtocol(group)
            func pickled(_ path: String) throws -> PypetValue {
                .pickled(try LeafReading.pickled(try group.openDataset(path), protocol: pickleProtocol))
            }
            value = try pickled("data")
            if names.contains("explored_data") {
                let indices = try LeafReading.explorationIndices(try group.openTable("explored_data"), item: fullName)
                range = try LeafReading.range(indices, item: fullName) { index in try pickled("xp_\(Self.digits(index, 8))") }
            }
        } else {
            let data = try group.openTable("data")
            guard let first = try tableValues(data, customType: customType, item: fullName).first else {
                throw StorageError(code: .invalidFile, message: "a parameter without a value", item: fullName)
            }
            var loaded = first
            if names.contains("explored_data") {
                range = try tableValues(try group.openTable("explored_data"), customType: customType, item: fullName)
            }
            if let unit = try QuantityLayout.unit(of: group, attributes: Set(try group.attributeNames()), item: fullName) {
                loaded = try QuantityLayout.quantity(first, unit: unit, item: fullName)
                range = try range?.map { explored throws -> PypetValue in try QuantityLayout.quantity(explored, unit: unit, item: fullName) }
            }
            value = loaded
        }
        let relative = path.dropFirst().joined(separator: ".")
        let parameter: Parameter
        switch path.first {
        case "derived_parameters": parameter = try trajectory.addDerivedParameter(relative, value)
        case "config": parameter = try trajectory.addConfig(relative, value)
        default: parameter = try trajectory.addParameter(relative, value)
        }
        if let range { ranges[fullName] = range }
        return parameter
    }

    /// `index` in decimal, zero-padded to `width` digits (pypet's names of explored values).
    private static func digits(_ index: Int, _ width: Int) -> String {
        let text = String(index)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }

    private func tableValues(_ table: HDF5Table, customType: String?, item: String) throws -> [PypetValue] {
        let column = try table.columns.first { $0.name == "data" }?.type
        let collection = try? table.stringAttribute(Layout.columnCollection("data"))
        let scalarType = try? table.stringAttribute(Layout.columnScalar("data"))
        let unsigned64 = try ValueDecoding.unsigned64Columns(table).contains("data")
        // Scalars straight from the typed column: a million-value range does not pass through a million
        // intermediate cells.
        if customType == nil, collection == nil || collection == Layout.Collection.scalar, !unsigned64 {
            switch try table.readColumns(["data"])["data"] {
            case .double(let values)?: return values.map { ScalarType.recall(.double($0), as: scalarType) }
            case .int(let values)?: return values.map { ScalarType.recall(.int(Int($0)), as: scalarType) }
            case .bool(let values)?: return values.map { ScalarType.recall(.bool($0), as: scalarType) }
            case .string(let values)?: return values.map { ScalarType.recall(.string($0), as: scalarType) }
            case nil: break
            }
        }
        let cells = try table.column("data")
        if unsigned64 { try ValueDecoding.checkUnsigned64(cells, item: item) }
        return try cells.map { cell throws(StorageError) in
            try ValueDecoding.cell(cell, column: column, collection: collection, scalarType: scalarType, customType: customType, item: item)
        }
    }

    private func readResult(_ group: HDF5Group, className: String, path: [String]) throws -> ResultNode {
        let fullName = path.joined(separator: ".")
        let result: ResultNode
        if path.first == "results" {
            result = try trajectory.addResult(path.dropFirst().joined(separator: "."))
        } else {
            throw StorageError(code: .unsupported, message: "results outside the results branch", item: fullName)
        }
        if options.results == .skeleton {
            let storage = TrajectoryStorage(path: filePath), name = trajectory.name
            result.deferLoading { try storage.loadItems(of: fullName, trajectory: name) }
            return result
        }
        let (items, itemFailures) = try LeafReading.resultItems(group, className: className, fullName: fullName)
        failures += itemFailures
        for (name, value) in items {
            do {
                try result.set(name, value)
            } catch {
                failures.append(LeafReading.failure(error, item: fullName + "." + name))
            }
        }
        return result
    }

    // MARK: Exploration and runs

    private func explore() throws {
        guard !ranges.isEmpty else { return }
        do {
            try trajectory.explore(ranges)
        } catch {
            throw StorageError(code: .invalidFile, message: "explored ranges do not fit: \(error.message)", item: error.name)
        }
    }

    private func readRuns() throws {
        guard try base.contains("overview/runs") else { return }
        // Column by column: four arrays instead of a dictionary per row.
        let columns = try base.openTable("overview/runs").readColumns(["idx", "timestamp", "finish_timestamp", "completed"])
        guard case .int(let indices)? = columns["idx"] else { return }
        let started: [Double] = if case .double(let values)? = columns["timestamp"] { values } else { [] }
        let finished: [Double] = if case .double(let values)? = columns["finish_timestamp"] { values } else { [] }
        let completed: [Int64] = if case .int(let values)? = columns["completed"] { values } else { [] }
        for row in indices.indices {
            let index = Int(indices[row])
            guard index >= 0, index < trajectory.length else { continue }
            let start = row < started.count ? started[row] : 0
            if start != 0 { try trajectory.markRunStarted(index, at: start) }
            if row < completed.count, completed[row] != 0 { try trajectory.markRunCompleted(index, at: row < finished.count ? finished[row] : 0) }
        }
        if try base.contains("overview/pruned_runs") {
            let pruned = try base.openTable("overview/pruned_runs").readColumns(["idx", "step"])
            if case .int(let indices)? = pruned["idx"], case .int(let steps)? = pruned["step"] {
                for row in indices.indices where row < steps.count && indices[row] >= 0 && Int(indices[row]) < trajectory.length {
                    try trajectory.markRunPruned(Int(indices[row]), atStep: Int(steps[row]))
                }
            }
        }
        guard try base.contains("overview/run_errors") else { return }
        for row in try base.openTable("overview/run_errors").readRows() {
            // An empty message marks a run that failed once and completed later.
            guard let index = row["idx"]?.intValue.map(Int.init), index < trajectory.length, row["message"]?.stringValue != "" else { continue }
            let finished = (try? trajectory.runInformation(index).finishTimestamp) ?? nil
            try trajectory.markRunFailed(index, message: row["message"]?.stringValue ?? "", at: finished ?? 0)
        }
    }
}
