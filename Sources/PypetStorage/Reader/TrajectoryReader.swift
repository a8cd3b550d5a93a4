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
        for (name, kind) in try base.links() where name != "overview" && options.mode(forBranch: name) != .nothing {
            try visit(name, kind: kind, path: [name], in: base)
        }
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
                } catch let error as StorageError {
                    failures.append(error)
                } catch let error as TrajectoryError {
                    failures.append(StorageError(code: .unsupported, message: error.message, item: fullName))
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
            guard let value = Self.annotationValue(try group.attribute(name)) else { continue }
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
        let node: Node
        switch (className, branch) {
        case ("Parameter", "parameters"), ("Parameter", "derived_parameters"), ("Parameter", "config"),
            ("ArrayParameter", "parameters"), ("ArrayParameter", "derived_parameters"), ("ArrayParameter", "config"):
            node = try readParameter(group, customType: attributes.contains(Layout.customType) ? try? group.stringAttribute(Layout.customType) : nil, path: path)
        case ("Result", "results"), ("Result", "derived_parameters"):
            node = try readResult(group, path: path)
        default:
            throw StorageError(
                code: .unsupported, message: "a \(className) leaf under '\(branch)' cannot be decoded (pickled or special data)",
                item: fullName)
        }
        try readMeta(group, attributes: attributes, into: node)
    }

    private func readParameter(_ group: HDF5Group, customType: String?, path: [String]) throws -> Parameter {
        let fullName = path.joined(separator: ".")
        let data = try group.openTable("data")
        let value = try tableValues(data, customType: customType, item: fullName).first
        guard let value else { throw StorageError(code: .invalidFile, message: "a parameter without a value", item: fullName) }
        let relative = path.dropFirst().joined(separator: ".")
        let parameter: Parameter
        switch path.first {
        case "derived_parameters": parameter = try trajectory.addDerivedParameter(relative, value)
        case "config": parameter = try trajectory.addConfig(relative, value)
        default: parameter = try trajectory.addParameter(relative, value)
        }
        if try group.contains("explored_data") {
            ranges[fullName] = try tableValues(try group.openTable("explored_data"), customType: customType, item: fullName)
        }
        return parameter
    }

    private func tableValues(_ table: HDF5Table, customType: String?, item: String) throws -> [PypetValue] {
        let column = try table.columns.first { $0.name == "data" }?.type
        let collection = try? table.stringAttribute(Layout.columnCollection("data"))
        let scalarType = try? table.stringAttribute(Layout.columnScalar("data"))
        return try table.column("data").map { cell throws(StorageError) in
            try ValueDecoding.cell(cell, column: column, collection: collection, scalarType: scalarType, customType: customType, item: item)
        }
    }

    private func readResult(_ group: HDF5Group, path: [String]) throws -> ResultNode {
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
        for (name, kind) in try group.links() {
            if kind == .group {
                // pandas frames and series (and pypet's nested items) are groups of datasets.
                let store = (try? group.openGroup(name).stringAttribute(Layout.store)) ?? "a group"
                failures.append(StorageError(
                    code: .unsupported, message: "items stored as '\(store)' (pandas or nested data) cannot be decoded",
                    item: fullName + "." + name))
                continue
            }
            guard kind == .dataset else { continue }
            do {
                let value = try ValueDecoding.item(try group.openDataset(name), group: group, name: name, item: fullName + "." + name)
                try result.set(name, value)
            } catch let error as StorageError {
                failures.append(error)
            } catch let error as HDF5Error {
                failures.append(StorageError.hdf5(error, item: fullName + "." + name))
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
        guard try base.contains("overview/run_errors") else { return }
        for row in try base.openTable("overview/run_errors").readRows() {
            guard let index = row["idx"]?.intValue.map(Int.init), index < trajectory.length else { continue }
            let finished = (try? trajectory.runInformation(index).finishTimestamp) ?? nil
            try trajectory.markRunFailed(index, message: row["message"]?.stringValue ?? "", at: finished ?? 0)
        }
    }
}
