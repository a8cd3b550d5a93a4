/// A node of a trajectory's tree: a group or a leaf (parameter or result).
///
/// Nodes are reference types owned by their trajectory and, like it, not `Sendable`. Natural naming is
/// available on every node: `try traj.parameters.neuron.gL` walks children (and shortcuts below groups).
@dynamicMemberLookup
public class Node {
    /// The node's own name (the last component of its full name).
    public let name: String
    /// The group holding this node; nil for the root and for removed nodes.
    public internal(set) weak var parent: GroupNode?
    /// A free-text comment (stored as `SRVC_INIT_COMMENT`).
    public var comment: String
    /// Annotations: small named values attached to the node (stored as `SRVC_AN_<key>` attributes).
    public private(set) var annotations: [String: PypetValue] = [:]

    init(name: String, comment: String) {
        self.name = name
        self.comment = comment
    }

    /// The dotted full name from the root, such as `parameters.neuron.gL` (empty for the root).
    public var fullName: String {
        var parts: [String] = []
        var node: Node? = self
        while let current = node, current.parent != nil {
            parts.append(current.name)
            node = current.parent
        }
        return parts.reversed().joined(separator: ".")
    }

    /// The number of groups between this node and the root (0 for the root, 1 for the branches).
    public var depth: Int {
        var depth = 0
        var node = parent
        while let current = node {
            depth += 1
            node = current.parent
        }
        return depth
    }

    /// The trajectory this node belongs to, while it is attached.
    public var trajectory: Trajectory? {
        var node: Node = self
        while let parent = node.parent { node = parent }
        return (node as? GroupNode)?.owner
    }

    /// Whether this node is a leaf (parameter or result).
    public var isLeaf: Bool { !(self is GroupNode) }

    /// Sets an annotation; the key follows the naming rules, the value the rules for result values.
    public func annotate(_ key: String, _ value: PypetValue) throws(TrajectoryError) {
        try NodeName.validate(key)
        try value.validatedForResult(name: key)
        annotations[key] = value
    }

    /// Removes an annotation; a missing key throws ``TrajectoryError/Code/notFound``.
    public func removeAnnotation(_ key: String) throws(TrajectoryError) {
        guard annotations.removeValue(forKey: key) != nil else {
            throw .notFound(key, "no annotation '\(key)' on '\(fullName)'")
        }
    }

    /// The value of a parameter or result with its type checked, so that natural naming ends in a value:
    /// `try traj.par.neuron.gL.value(as: Double.self)`. Groups throw ``TrajectoryError/Code/wrongKind``.
    public func value<T: PypetValueConvertible>(as type: T.Type = T.self) throws(TrajectoryError) -> T {
        throw TrajectoryError(code: .wrongKind, message: "'\(fullName)' is a group, not a value", name: fullName)
    }

    /// Natural naming: the child (or, below groups, the shortcut target) called `member`.
    public subscript(dynamicMember member: String) -> Node {
        get throws(TrajectoryError) { try child(named: member) }
    }

    /// The node at the dotted path `path` below this node (children, links, aliases and shortcuts).
    public subscript(path: String) -> Node {
        get throws(TrajectoryError) {
            var node: Node = self
            for component in NodeName.components(path) {
                node = try node.child(named: component)
            }
            return node
        }
    }

    /// Looks up one name below this node. Leaves have no children.
    func child(named member: String) throws(TrajectoryError) -> Node {
        throw TrajectoryError(code: .wrongKind, message: "'\(fullName)' is a leaf and has no child '\(member)'", name: fullName)
    }
}
