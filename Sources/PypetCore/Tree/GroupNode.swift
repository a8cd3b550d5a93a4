/// A group: a node holding children (groups and leaves) and links to other nodes.
public final class GroupNode: Node {
    /// Set on a trajectory's root group only.
    weak var owner: Trajectory?
    private var childOrder: [String] = []
    private var childrenByName: [String: Node] = [:]
    private var linkTargets: [String: WeakNode] = [:]
    private var linkOrder: [String] = []

    init(name: String, comment: String = "", owner: Trajectory? = nil) {
        self.owner = owner
        super.init(name: name, comment: comment)
    }

    // MARK: Children

    /// The children in the order they were added.
    public var children: [Node] { childOrder.compactMap { childrenByName[$0] } }

    /// The direct child called `name`, if any (no links, aliases or shortcuts).
    public func directChild(_ name: String) -> Node? { childrenByName[name] }

    /// Whether a direct child or link called `name` exists.
    public func contains(_ name: String) -> Bool { childrenByName[name] != nil || linkTargets[name] != nil }

    /// Adds a group at the dotted `path` below this group, creating intermediate groups. An existing
    /// intermediate group is reused; an existing node at `path` throws ``TrajectoryError/Code/alreadyExists``.
    @discardableResult
    public func addGroup(_ path: String, comment: String = "") throws(TrajectoryError) -> GroupNode {
        let (parent, last) = try prepare(path)
        let group = GroupNode(name: last, comment: comment)
        try parent.attach(group)
        return group
    }

    /// The group at the dotted `path` below this group, creating the missing ones. A leaf on the way
    /// throws ``TrajectoryError/Code/wrongKind``.
    @discardableResult
    public func requireGroup(_ path: String) throws(TrajectoryError) -> GroupNode {
        var group = self
        for component in NodeName.components(path) {
            if let existing = group.childrenByName[component] {
                guard let subgroup = existing as? GroupNode else {
                    throw TrajectoryError(
                        code: .wrongKind, message: "'\(existing.fullName)' is a leaf, not a group", name: existing.fullName)
                }
                group = subgroup
            } else {
                group = try group.addGroup(component)
            }
        }
        return group
    }

    /// Adds an empty result named `name` directly in this group, without path translation: for readers
    /// that build many results at once (the loader's results index). The group must lie inside the
    /// `results` branch of a trajectory; `name` must be a valid, unused node name.
    @discardableResult
    public func addResult(named name: String, comment: String = "") throws(TrajectoryError) -> ResultNode {
        try NodeName.validate(name)
        var branch: Node = self
        while let parent = branch.parent, parent.parent != nil { branch = parent }
        guard branch.parent != nil, branch.name == "results" else {
            throw TrajectoryError(code: .wrongKind, message: "results belong in the results branch, not in '\(fullName)'", name: name)
        }
        let result = ResultNode(name: name, comment: comment)
        try attach(result)
        return result
    }

    /// Removes the child `name`. A group with children needs `recursive: true`.
    public func removeChild(_ name: String, recursive: Bool = false) throws(TrajectoryError) {
        guard let child = childrenByName[name] else {
            throw .notFound(name, "'\(fullName)' has no child '\(name)'")
        }
        if owner != nil, NodeName.branches.contains(name) {
            throw TrajectoryError(code: .wrongKind, message: "the branch '\(name)' cannot be removed", name: name)
        }
        if let group = child as? GroupNode, !group.childOrder.isEmpty, !recursive {
            throw TrajectoryError(
                code: .wrongKind, message: "group '\(group.fullName)' is not empty; remove it recursively", name: group.fullName)
        }
        trajectory?.unindex(child)
        childrenByName[name] = nil
        childOrder.removeAll { $0 == name }
        child.parent = nil
    }

    // MARK: Links

    /// Adds a link called `name` to `target`, a node of the same trajectory. Natural naming follows links.
    public func addLink(_ name: String, to target: Node) throws(TrajectoryError) {
        try NodeName.validate(name)
        guard !contains(name) else {
            throw TrajectoryError(code: .alreadyExists, message: "'\(fullName)' already has '\(name)'", name: name)
        }
        guard target.trajectory != nil, target.trajectory === trajectory else {
            throw .invalidValue("a link must point to a node of the same trajectory", name: name)
        }
        linkTargets[name] = WeakNode(node: target)
        linkOrder.append(name)
    }

    /// Removes the link called `name`.
    public func removeLink(_ name: String) throws(TrajectoryError) {
        guard linkTargets.removeValue(forKey: name) != nil else {
            throw .notFound(name, "'\(fullName)' has no link '\(name)'")
        }
        linkOrder.removeAll { $0 == name }
    }

    /// The links of this group, in the order they were added, with their targets (nil once removed).
    public var links: [(name: String, target: Node?)] {
        linkOrder.map { ($0, linkTargets[$0]?.node) }
    }

    // MARK: Iteration

    /// The nodes below this group in depth-first order (children in insertion order), optionally only
    /// the direct children (`recursive: false`), down to `maxDepth` levels below this group, and only
    /// those for which `predicate` holds (the walk still descends into groups it filters out).
    public func nodes(recursive: Bool = true, maxDepth: Int? = nil, where predicate: (Node) -> Bool = { _ in true }) -> [Node] {
        var result: [Node] = []
        let limit = recursive ? (maxDepth ?? Int.max) : 1
        func walk(_ group: GroupNode, level: Int) {
            for child in group.children {
                if predicate(child) { result.append(child) }
                if let subgroup = child as? GroupNode, level < limit { walk(subgroup, level: level + 1) }
            }
        }
        if limit >= 1 { walk(self, level: 1) }
        return result
    }

    /// The leaves below this group (same options as ``nodes(recursive:maxDepth:where:)``).
    public func leaves(recursive: Bool = true, maxDepth: Int? = nil, where predicate: (LeafNode) -> Bool = { _ in true }) -> [LeafNode] {
        nodes(recursive: recursive, maxDepth: maxDepth) { node in
            guard let leaf = node as? LeafNode else { return false }
            return predicate(leaf)
        }.compactMap { $0 as? LeafNode }
    }

    // MARK: Natural naming

    override func child(named member: String) throws(TrajectoryError) -> Node {
        let name = trajectory?.translate(member) ?? NodeName.translateRunAlias(NodeName.branchAliases[member] ?? member)
        if let child = childrenByName[name] { return child }
        if let link = linkTargets[name] {
            guard let target = link.node, target.trajectory === trajectory else {
                throw .notFound(name, "link '\(name)' points to a removed node")
            }
            return target
        }
        guard let trajectory else { throw .notFound(name, "'\(fullName)' has no child '\(name)'") }
        return try trajectory.shortcut(name, below: self)
    }

    // MARK: Internal

    /// Validates `path`, creates the missing intermediate groups, and returns the parent group and the
    /// last component.
    func prepare(_ path: String) throws(TrajectoryError) -> (GroupNode, String) {
        // One component (the common case when readers build trees): no splitting.
        if !path.utf8.contains(UInt8(ascii: ".")) {
            try NodeName.validate(path)
            guard !contains(path) else {
                let full = fullName.isEmpty ? path : fullName + "." + path
                throw TrajectoryError(code: .alreadyExists, message: "'\(full)' exists", name: full)
            }
            return (self, path)
        }
        let components = NodeName.components(path)
        for component in components { try NodeName.validate(component) }
        guard let last = components.last else { throw TrajectoryError(code: .invalidName, message: "empty name", name: path) }
        var group = self
        for component in components.dropLast() {
            if let existing = group.childrenByName[component] {
                guard let subgroup = existing as? GroupNode else {
                    throw TrajectoryError(
                        code: .wrongKind, message: "'\(existing.fullName)' is a leaf, not a group", name: existing.fullName)
                }
                group = subgroup
            } else {
                let subgroup = GroupNode(name: component)
                try group.attach(subgroup)
                group = subgroup
            }
        }
        guard !group.contains(last) else {
            let full = group.fullName.isEmpty ? last : group.fullName + "." + last
            throw TrajectoryError(code: .alreadyExists, message: "'\(full)' exists", name: full)
        }
        return (group, last)
    }

    /// Attaches a new child and indexes it for shortcuts.
    func attach(_ node: Node) throws(TrajectoryError) {
        guard childrenByName[node.name] == nil, linkTargets[node.name] == nil else {
            throw TrajectoryError(code: .alreadyExists, message: "'\(node.name)' exists in '\(fullName)'", name: node.name)
        }
        node.parent = self
        childrenByName[node.name] = node
        childOrder.append(node.name)
        trajectory?.index(node)
    }
}

/// A weak reference to a node (link targets do not keep removed nodes alive).
struct WeakNode {
    weak var node: Node?
}
