extension Trajectory {
    /// Adds a parameter under `parameters` (a leading `parameters.` in `name` is accepted). A preset value
    /// for that name replaces `value`.
    @discardableResult
    public func addParameter(_ name: String, _ value: PypetValue, comment: String = "") throws(TrajectoryError) -> Parameter {
        try addParameter(in: parameters, name, value, comment: comment)
    }

    /// Adds a parameter from a Swift value.
    @discardableResult
    public func addParameter<T: PypetValueConvertible>(_ name: String, _ value: T, comment: String = "") throws(TrajectoryError) -> Parameter {
        try addParameter(name, value.pypetValue, comment: comment)
    }

    /// Adds a derived parameter under `derived_parameters`.
    @discardableResult
    public func addDerivedParameter(_ name: String, _ value: PypetValue, comment: String = "") throws(TrajectoryError) -> Parameter {
        try addParameter(in: derivedParameters, name, value, comment: comment)
    }

    /// Adds a config parameter under `config`.
    @discardableResult
    public func addConfig(_ name: String, _ value: PypetValue, comment: String = "") throws(TrajectoryError) -> Parameter {
        try addParameter(in: config, name, value, comment: comment)
    }

    /// Adds a result under `results` holding one item named like the result (`value` may be nil for an
    /// empty result that items are added to later).
    @discardableResult
    public func addResult(_ name: String, _ value: PypetValue? = nil, comment: String = "") throws(TrajectoryError) -> ResultNode {
        let (group, last) = try place(name, in: results)
        let result = ResultNode(name: last, comment: comment)
        if let value { try result.set(last, value) }
        try group.attach(result)
        return result
    }

    /// Adds a result with several named items, in the given order.
    @discardableResult
    public func addResult(_ name: String, items: KeyValuePairs<String, PypetValue>, comment: String = "") throws(TrajectoryError) -> ResultNode {
        let (group, last) = try place(name, in: results)
        let result = ResultNode(name: last, comment: comment)
        for (item, value) in items { try result.set(item, value) }
        try group.attach(result)
        return result
    }

    /// Adds a group at a dotted path from the root: below a branch (`parameters.neuron`) or a user group
    /// of its own (`analysis.figures`). `overview` is reserved at the top level.
    @discardableResult
    public func addGroup(_ path: String, comment: String = "") throws(TrajectoryError) -> GroupNode {
        let translated = try translatePath(path)
        if NodeName.components(translated).first == "overview" {
            throw TrajectoryError(code: .reservedName, message: "'overview' is reserved for the file's tables", name: path)
        }
        return try root.addGroup(translated, comment: comment)
    }

    /// Sets a value that replaces the default of the parameter (or config) `fullName` when it is added.
    /// ``checkPresets()`` reports presets that were never used.
    public func preset(_ fullName: String, _ value: PypetValue) throws(TrajectoryError) {
        let full = try qualified(fullName, defaultBranch: "parameters")
        if let existing = try? node(full) {
            throw TrajectoryError(code: .alreadyExists, message: "'\(existing.fullName)' is already added; set it instead", name: full)
        }
        presets[full] = value
    }

    /// The full names of presets not used by any added parameter.
    public var unusedPresets: [String] { presets.keys.sorted() }

    /// Throws ``TrajectoryError/Code/unusedPreset`` when a preset was never used (a typo, or a parameter
    /// that is never added); the environment calls it before running.
    public func checkPresets() throws(TrajectoryError) {
        guard presets.isEmpty else {
            throw TrajectoryError(
                code: .unusedPreset, message: "presets never used: \(unusedPresets.joined(separator: ", "))",
                candidates: unusedPresets)
        }
    }

    // MARK: Internal

    private func addParameter(in branch: GroupNode, _ name: String, _ value: PypetValue, comment: String) throws(TrajectoryError) -> Parameter {
        let (group, last) = try place(name, in: branch)
        let full = group.fullName + "." + last
        var initial = value
        if let preset = presets[full] {
            guard preset.hasSameType(as: value) else {
                throw .typeMismatch("preset \(preset.typeDescription) does not match \(value.typeDescription)", name: full)
            }
            initial = preset
        }
        let parameter = try Parameter(name: last, value: initial, comment: comment)
        try group.attach(parameter)
        presets[full] = nil
        return parameter
    }

    /// The group and last name component of `name` below `branch` (a leading branch name or alias is
    /// accepted; wildcards are translated), with intermediate groups created.
    func place(_ name: String, in branch: GroupNode) throws(TrajectoryError) -> (GroupNode, String) {
        // The new node's own name is never an alias or wildcard; the groups leading to it may be.
        try NodeName.validate(NodeName.components(name).last ?? "")
        var components = NodeName.components(try translatePath(name))
        if components.count > 1, components.first == branch.name { components.removeFirst() }
        return try branch.prepare(components.joined(separator: "."))
    }

    /// `name` with a branch prefix (`defaultBranch` when it has none).
    func qualified(_ name: String, defaultBranch: String) throws(TrajectoryError) -> String {
        let translated = try translatePath(name)
        let first = NodeName.components(translated).first ?? ""
        return NodeName.branches.contains(first) ? translated : defaultBranch + "." + translated
    }

    /// Translates aliases and wildcards in every component of a dotted path.
    func translatePath(_ path: String) throws(TrajectoryError) -> String {
        guard !path.isEmpty else { throw TrajectoryError(code: .invalidName, message: "empty name", name: path) }
        return NodeName.components(path).map { translate($0) }.joined(separator: ".")
    }
}
