extension Trajectory {
    /// Natural naming from the root: a branch, an alias, or a shortcut to any node (`traj.gL`).
    public subscript(dynamicMember member: String) -> Node {
        get throws(TrajectoryError) { try root.child(named: member) }
    }

    /// The node at a dotted path from the root; components may be aliases, wildcards or shortcuts
    /// (`traj["par.neuron.gL"]`, `traj["results.runs.$.z"]`, `traj["gL"]`).
    public subscript(path: String) -> Node {
        get throws(TrajectoryError) { try node(path) }
    }

    /// The node at a dotted path from the root (see ``subscript(_:)``).
    public func node(_ path: String) throws(TrajectoryError) -> Node {
        guard !path.isEmpty else { throw TrajectoryError(code: .invalidName, message: "empty name", name: path) }
        return try root[path]
    }

    /// The parameter (or derived or config parameter) at `path`; another kind of node throws
    /// ``TrajectoryError/Code/wrongKind``.
    public func parameter(_ path: String) throws(TrajectoryError) -> Parameter {
        let found = try node(path)
        guard let parameter = found as? Parameter else {
            throw TrajectoryError(code: .wrongKind, message: "'\(found.fullName)' is not a parameter", name: found.fullName)
        }
        return parameter
    }

    /// The result at `path`; another kind of node throws ``TrajectoryError/Code/wrongKind``.
    public func result(_ path: String) throws(TrajectoryError) -> ResultNode {
        let found = try node(path)
        guard let result = found as? ResultNode else {
            throw TrajectoryError(code: .wrongKind, message: "'\(found.fullName)' is not a result", name: found.fullName)
        }
        return result
    }

    /// The value of the parameter or result at `path`, with its type checked (reading a parameter locks
    /// it); a path that goes on into a result reads that item (`results.x.stats.mean`, see ``item(_:)``).
    /// A group throws ``TrajectoryError/Code/wrongKind``.
    public func value<T: PypetValueConvertible>(_ path: String, as type: T.Type = T.self) throws(TrajectoryError) -> T {
        do {
            return try node(path).value(as: type)
        } catch {
            guard error.code == .wrongKind || error.code == .notFound, let found = try? item(path) else { throw error }
            do {
                return try T(pypetValue: found)
            } catch {
                throw TrajectoryError(code: error.code, message: error.message, name: path)
            }
        }
    }

    /// An item of a result by its full path: the result's path, then the item's name, which may be nested
    /// (`results.runs.run_00000003.fit.stats.mean`: item `stats.mean` of result `fit`).
    public func item(_ path: String) throws(TrajectoryError) -> PypetValue {
        let components = path.split(separator: ".").map(String.init)
        // The longest prefix that is a result; the rest names its item.
        for split in stride(from: components.count - 1, through: 1, by: -1) {
            guard let result = try? node(components[..<split].joined(separator: ".")) as? ResultNode else { continue }
            return try result.item(components[split...].joined(separator: "."))
        }
        throw .notFound(path, "no result item at '\(path)'")
    }

    /// Every node called `name` anywhere in the tree, by full name.
    public func allNodes(named name: String) -> [Node] {
        (shortcutIndex[translate(name)] ?? []).sorted { $0.fullName < $1.fullName }
    }

    /// Registers a wildcard such as `$trial`: in names and paths it becomes `function(currentRun)`.
    public func addWildcard(_ wildcard: String, _ function: @escaping @Sendable (Int?) -> String) throws(TrajectoryError) {
        guard wildcard.hasPrefix("$"), wildcard.count > 1, !NodeName.reserved.contains(wildcard) else {
            throw TrajectoryError(code: .invalidName, message: "a wildcard starts with '$' and is not '$' or '$set'", name: wildcard)
        }
        wildcards[wildcard] = function
    }

    // MARK: Internal

    /// Aliases, run names and wildcards of one name component.
    func translate(_ member: String) -> String {
        if let branch = NodeName.branchAliases[member] { return branch }
        switch member {
        case "$", "crun": return currentRun.map(NodeName.run) ?? "run_ALL"
        case "$set", "crunset": return currentRun.map(NodeName.runSet) ?? "run_set_ALL"
        default: break
        }
        if let wildcard = wildcards[member] { return wildcard(currentRun) }
        return NodeName.translateRunAlias(member)
    }

    /// The node called `name` below `group`: the closest one (fewest levels down). Nodes inside the groups
    /// of other runs than the current one are not seen while a run is current. Several at the same
    /// closest level throw ``TrajectoryError/Code/ambiguous`` listing every match.
    func shortcut(_ name: String, below group: GroupNode) throws(TrajectoryError) -> Node {
        let candidates = (shortcutIndex[name] ?? []).filter { isVisible($0, below: group) }
        guard !candidates.isEmpty else {
            let place = group.fullName.isEmpty ? "the trajectory" : "'\(group.fullName)'"
            throw .notFound(name, "no node '\(name)' in \(place)")
        }
        if candidates.count == 1 { return candidates[0] }
        let depths = candidates.map(\.depth)
        let closest = depths.min() ?? 0
        let nearest = zip(candidates, depths).filter { $0.1 == closest }.map(\.0)
        guard nearest.count == 1 else {
            throw TrajectoryError(
                code: .ambiguous, message: "shortcut '\(name)' matches several nodes; use a longer name", name: name,
                candidates: candidates.map(\.fullName).sorted())
        }
        return nearest[0]
    }

    private func isVisible(_ node: Node, below group: GroupNode) -> Bool {
        let currentName = currentRun.map(NodeName.run)
        var ancestor = node.parent
        while let current = ancestor {
            if current === group { return true }
            if let currentName, NodeName.isCanonicalRun(current.name), current.name != currentName { return false }
            ancestor = current.parent
        }
        return false
    }
}
