extension Node {
    /// A detached deep copy of this node and everything below it (links are not copied).
    func copy(named newName: String? = nil) throws(TrajectoryError) -> Node {
        let name = newName ?? self.name
        let copy: Node
        switch self {
        case let group as GroupNode:
            let groupCopy = GroupNode(name: name, comment: comment)
            for child in group.children { try groupCopy.attach(try child.copy()) }
            copy = groupCopy
        case let parameter as Parameter:
            let parameterCopy = try Parameter(name: name, value: parameter.defaultValue, comment: comment)
            parameterCopy.replaceRange(parameter.range)
            if parameter.isLocked { parameterCopy.lock() }
            copy = parameterCopy
        case let result as ResultNode:
            let resultCopy = ResultNode(name: name, comment: comment)
            for item in result.itemNames { try resultCopy.set(item, try result.item(item)) }
            copy = resultCopy
        default:
            throw TrajectoryError(code: .wrongKind, message: "cannot copy '\(fullName)'", name: fullName)
        }
        for (key, value) in annotations { try copy.annotate(key, value) }
        return copy
    }
}
