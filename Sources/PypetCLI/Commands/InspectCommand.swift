import ArgumentParser
import Pypet

struct InspectCommand: FileCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect", abstract: "Print the trajectory tree: kinds, value types and shapes, comments, annotations.")

    @OptionGroup var source: FileOptions
    var file: String { source.file }
    var trajectory: String? { source.trajectory }

    @Argument(help: "A subtree to print (`parameters`, `results.generations`, ...); the whole tree by default.")
    var path: String?

    @Option(help: "How many levels below PATH to print.")
    var depth = 4

    @Flag(help: "Also list the groups of single runs (can be long).")
    var runs = false

    /// Whether the file keeps runs' results as columns only (then `results` says where they are).
    private var columnsLayout = false

    mutating func run() throws {
        let source = TrajectoryFile(path: file, trajectory: trajectory)
        // A run named as people type it (`run_1234.y`, `results.runs.run_00001234` in a file of run sets)
        // becomes the run's full name, as `show` finds it.
        var path = self.path
        if let given = path, let named = ShowCommand.runPath(given) {
            try source.check()
            if let run = try? TrajectoryStorage(path: file).runResults(named.run, trajectory: trajectory) {
                path = ([run.fullName] + named.rest).joined(separator: ".")
            }
        }
        // The runs' own groups are read only when asked for (--runs, or a PATH inside one): a file of a
        // million runs opens as fast as one of ten.
        var options = LoadOptions.skeleton
        options.includesRunGroups = runs
        options.withRunInformation = false  // the tree only: no run's status is printed
        options.runGroupNames = Self.runNames(in: path ?? "")
        let loaded = try source.load(options)
        columnsLayout = !runs && (try? TrajectoryStorage(path: file).runLayout(of: loaded.name)) == .columns
        let start: Node
        if let path {
            do { start = try loaded.node(path) } catch { throw CLIError("no node '\(path)'", because: error, file: file, item: path) }
        } else {
            start = loaded.root
        }
        print("trajectory \(loaded.name): \(loaded.length) runs, explored \(loaded.exploredParameterNames.joined(separator: ", "))")
        if !loaded.comment.isEmpty { print("comment: \(loaded.comment)") }
        try printNode(start, level: 0)
    }

    private func printNode(_ node: Node, level: Int) throws {
        let indent = String(repeating: "  ", count: level)
        var line = indent + (node.name.isEmpty ? loadedName(node) : node.name)
        var itemLines: [String] = []
        switch node {
        case let parameter as Parameter:
            line += "  [parameter] " + Format.describe(parameter.defaultValue)
            if parameter.isExplored { line += ", explored over \(parameter.range.count) values" }
        case let result as ResultNode:
            line += "  [result]"
            do {
                try result.ensureLoaded()
                let items = try result.itemNames.map { "\($0): \(Format.describe(try result.item($0), limit: 30))" }
                let inline = " " + items.joined(separator: "; ")
                // A few short items stay on the result's line; more go one per line below it.
                if items.count <= 3, inline.count <= 100 {
                    line += inline
                } else {
                    itemLines = items.map { indent + "    " + $0 }
                    line += " \(items.count) items"
                }
            } catch {
                line += " (items cannot be read: \(PlainError.explain(error).cause))"
            }
        case let group as GroupNode:
            line += "  [group, \(group.children.count) children]"
        default:
            break
        }
        if !node.comment.isEmpty { line += "  # " + node.comment }
        for key in node.annotations.keys.sorted() { line += "  @\(key)=\(node.annotations[key].map(Format.plain) ?? "")" }
        print(line)
        for itemLine in itemLines { print(itemLine) }
        guard let group = node as? GroupNode, level < depth else { return }
        // Run groups are counted as runs: a run set (`run_set_00000`) counts the runs inside it.
        var skippedRuns = 0, skippedSets = 0
        for child in group.children.sorted(by: { $0.name < $1.name }) {
            if !runs, NodeName.isRunName(child.name) {
                skippedRuns += 1
                continue
            }
            if !runs, child.name.hasPrefix("run_set_") {
                skippedSets += 1
                skippedRuns += (child as? GroupNode)?.children.count { NodeName.isRunName($0.name) } ?? 0
                continue
            }
            try printNode(child, level: level + 1)
        }
        if columnsLayout, group.fullName == "results", let trajectory = group.trajectory {
            print(indent + "  (the results of \(trajectory.length) runs are columns of overview/results_index and overview/results; --runs lists them)")
        }
        if !runs, group.children.isEmpty, group.name == "runs" || group.name.hasPrefix("run_set_"),
            let trajectory = group.trajectory, trajectory.length > 1 {
            print(indent + "  (the groups of \(trajectory.length) runs are not read; --runs lists them)")
        }
        // Run sets whose groups were not read hold the trajectory's runs.
        if skippedSets > 0, skippedRuns == 0, let trajectory = group.trajectory { skippedRuns = trajectory.length }
        if skippedRuns > 0 || skippedSets > 0 {
            let sets = skippedSets > 0 ? ", \(skippedSets) run set" + (skippedSets == 1 ? "" : "s") : ""
            print(indent + "  (\(skippedRuns) run" + (skippedRuns == 1 ? "" : "s") + sets + "; --runs lists them)")
        }
    }

    private func loadedName(_ node: Node) -> String { node.trajectory?.name ?? "/" }

    /// The run groups a dotted path names (`run_00000003` in `results.runs.run_00000003.z`).
    static func runNames(in path: String) -> [String] {
        path.split(separator: ".").map(String.init).filter(NodeName.isRunName)
    }

    /// Whether a dotted path names something inside a run's group (`results.runs.run_00000003...`).
    static func isInsideRuns(_ path: String) -> Bool {
        path.split(separator: ".").contains { NodeName.isRunName(String($0)) || $0.hasPrefix("run_set_") || $0 == "runs" }
    }
}
