public import PypetCore

/// A read-only copy of the trajectory's parameters (and config and derived parameters) at their default
/// values, taken before runs start. Runs read from it, never from the mutable trajectory; explored values
/// come with each ``RunRequest``.
public struct ParameterSnapshot: Sendable, Hashable, Codable {
    /// Every parameter, config and derived parameter by full name, at its default value.
    public private(set) var values: [String: PypetValue]
    /// Full names by their last component, for shortcuts.
    private var byLeafName: [String: [String]]
    /// Precomputed answers for the common shortcuts: the name below the branch (`neuron.gL`) and the
    /// leaf name (`gL`) where they are unambiguous.
    private var shortcuts: [String: String]

    /// Copies the parameters, config and derived parameters of `trajectory` (without touching their locks).
    public init(_ trajectory: Trajectory) {
        var values: [String: PypetValue] = [:]
        for branch in [trajectory.parameters, trajectory.config, trajectory.derivedParameters] {
            for case let parameter as Parameter in branch.leaves() {
                values[parameter.fullName] = parameter.defaultValue
            }
        }
        self.init(values: values)
    }

    /// A snapshot of the given values by full name.
    public init(values: [String: PypetValue]) {
        self.values = values
        var index: [String: [String]] = [:]
        for name in values.keys.sorted() {
            index[Self.components(name).last ?? name, default: []].append(name)
        }
        byLeafName = index
        shortcuts = [:]
        // Caches the general resolution of the usual shortcuts, so both always agree.
        var cache: [String: String] = [:]
        var tried = Set<String>()
        for name in values.keys {
            let parts = Self.components(name)
            for key in [parts.dropFirst().joined(separator: "."), parts.last ?? name] where !key.isEmpty && tried.insert(key).inserted {
                if let found = try? resolveWithoutCache(key) { cache[key] = found }
            }
        }
        shortcuts = cache
    }

    /// The full name that `path` (a full name, or a shortcut like `gL`, `neuron.gL`, `par.gL`) denotes.
    /// The shallowest match wins; several at the same depth throw ``TrajectoryError/Code/ambiguous``.
    public func resolve(_ path: String) throws(TrajectoryError) -> String {
        if values[path] != nil { return path }
        if let known = shortcuts[path] { return known }
        return try resolveWithoutCache(path)
    }

    private func resolveWithoutCache(_ path: String) throws(TrajectoryError) -> String {
        let wanted = Self.components(path).map { NodeName.branchAliases[$0] ?? $0 }
        let joined = wanted.joined(separator: ".")
        if values[joined] != nil { return joined }
        guard let last = wanted.last, let candidates = byLeafName[last] else {
            throw TrajectoryError(code: .notFound, message: "no parameter '\(path)' in this run", name: path)
        }
        let leading = wanted.dropLast()
        let matches = candidates.filter { Self.containsInOrder(Self.components($0).dropLast(), leading) }
        guard let depth = matches.map({ Self.components($0).count }).min() else {
            throw TrajectoryError(code: .notFound, message: "no parameter '\(path)' in this run", name: path)
        }
        let closest = matches.filter { Self.components($0).count == depth }
        guard closest.count == 1, let found = closest.first else {
            throw TrajectoryError(code: .ambiguous, message: "'\(path)' matches several parameters", name: path, candidates: closest)
        }
        return found
    }

    static func components(_ dotted: String) -> [String] {
        dotted.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    }

    private static func containsInOrder(_ haystack: ArraySlice<String>, _ needles: ArraySlice<String>) -> Bool {
        var position = haystack.startIndex
        for needle in needles {
            guard let found = haystack[position...].firstIndex(of: needle) else { return false }
            position = found + 1
        }
        return true
    }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.values == rhs.values }
    public func hash(into hasher: inout Hasher) { hasher.combine(values) }

    private enum CodingKeys: String, CodingKey { case values }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(values: try container.decode([String: PypetValue].self, forKey: .values))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(values, forKey: .values)
    }
}
