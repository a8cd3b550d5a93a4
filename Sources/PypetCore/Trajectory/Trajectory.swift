import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The container users live in: one tree of parameters, derived parameters, configuration and results,
/// the explored ranges, and what is known about every run.
///
/// A trajectory is a reference type that is not `Sendable`: the environment gives runs read-only
/// snapshots, never the tree itself. Natural naming reaches any node:
///
/// ```swift
/// let traj = try Trajectory(name: "neurons")
/// try traj.addParameter("neuron.gL", 10.0, comment: "leak conductance")
/// let gL = try traj.parameters.neuron.gL      // a Node
/// let value = try traj.value("gL", as: Double.self)   // shortcut, typed
/// ```
@dynamicMemberLookup
public final class Trajectory {
    /// The trajectory's name (with the time suffix when created with `addTime`).
    public let name: String
    /// A free-text comment.
    public var comment: String
    /// When the trajectory was created (seconds since 1970).
    public let creationTimestamp: Double
    /// The root group; its children are the branches and user groups.
    public let root: GroupNode
    /// The `config` branch.
    public let config: GroupNode
    /// The `parameters` branch.
    public let parameters: GroupNode
    /// The `derived_parameters` branch.
    public let derivedParameters: GroupNode
    /// The `results` branch.
    public let results: GroupNode
    /// The user-defined value types this trajectory (and its loader) can rebuild.
    public var customTypes: CustomTypeRegistry

    var shortcutIndex: [String: [Node]] = [:]
    var runs = RunStatuses(count: 1)
    var exploredNames: [String] = []
    var exploredParameters: [Parameter] = []
    var presets: [String: PypetValue] = [:]
    var wildcards: [String: @Sendable (Int?) -> String] = [:]
    /// The run whose values explored parameters show, or nil outside runs.
    public internal(set) var currentRun: Int?

    /// Creates an empty trajectory with its four branches.
    /// - Parameters:
    ///   - name: The name; it follows the naming rules.
    ///   - comment: A comment.
    ///   - addTime: Appends the creation time, `_YYYY_MM_DD_HHhMMmSSs` in UTC, to the name.
    ///   - timestamp: The creation time (seconds since 1970); now when nil.
    ///   - customTypes: The user-defined value types to know.
    public init(
        name: String, comment: String = "", addTime: Bool = false, timestamp: Double? = nil,
        customTypes: CustomTypeRegistry = .init()
    ) throws(TrajectoryError) {
        try NodeName.validate(name)
        let created = timestamp ?? Date().timeIntervalSince1970
        self.name = addTime ? name + "_" + Self.timeSuffix(created) : name
        self.comment = comment
        self.creationTimestamp = created
        self.customTypes = customTypes
        root = GroupNode(name: "")
        config = GroupNode(name: "config")
        parameters = GroupNode(name: "parameters")
        derivedParameters = GroupNode(name: "derived_parameters")
        results = GroupNode(name: "results")
        root.owner = self
        for branch in [config, parameters, derivedParameters, results] {
            try root.attach(branch)
        }
    }

    /// The creation time as pypet writes it, `YYYY_MM_DD_HHhMMmSSs` (UTC here).
    public var creationTime: String { Self.timeSuffix(creationTimestamp) }

    /// A time as pypet writes it, `YYYY_MM_DD_HHhMMmSSs` (UTC here).
    public static func timeString(_ timestamp: Double) -> String { timeSuffix(timestamp) }

    /// `YYYY_MM_DD_HHhMMmSSs` in UTC (formatted by hand: a `DateFormatter` costs tens of microseconds
    /// per call and run tables format one time per run).
    static func timeSuffix(_ timestamp: Double) -> String {
        var seconds = time_t(timestamp.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(parts.tm_year + 1900)_\(two(parts.tm_mon + 1))_\(two(parts.tm_mday))_"
            + "\(two(parts.tm_hour))h\(two(parts.tm_min))m\(two(parts.tm_sec))s"
    }

    // MARK: Shortcut index

    func index(_ node: Node) {
        shortcutIndex[node.name, default: []].append(node)
        if let group = node as? GroupNode {
            for child in group.children { index(child) }
        }
    }

    func unindex(_ node: Node) {
        shortcutIndex[node.name]?.removeAll { $0 === node }
        if shortcutIndex[node.name]?.isEmpty == true { shortcutIndex[node.name] = nil }
        if let parameter = node as? Parameter, let position = exploredParameters.firstIndex(where: { $0 === parameter }) {
            exploredParameters.remove(at: position)
            exploredNames.remove(at: position)
        }
        if let group = node as? GroupNode {
            for child in group.children { unindex(child) }
        }
    }
}
