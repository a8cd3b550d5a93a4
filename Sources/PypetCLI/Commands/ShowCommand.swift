import ArgumentParser
import Pypet

struct ShowCommand: FileCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "One parameter (default and explored values) or result (every item) by full name or shortcut.")

    @OptionGroup var source: FileOptions
    var file: String { source.file }
    var trajectory: String? { source.trajectory }

    @Argument(help: "The item: `parameters.x`, `x`, `results.generations.gen_00003`, `results.runs.run_00000002.z` ...")
    var item: String

    @Flag(help: "Show long arrays, strings and tables in full instead of summarised.")
    var full = false

    func run() throws {
        let source = TrajectoryFile(path: file, trajectory: trajectory)
        // One run's group, or a result of it by a shortcut (`run_00000003.y`, `results.runs.run_00000003` in a
        // file that groups runs in sets): read from that run's group and index rows, not from a whole skeleton.
        if let path = Self.runPath(item), try showRun(path, source) { return }
        // Any other result inside a run's group, named in full, is read directly: nothing else is opened.
        if InspectCommand.isInsideRuns(item), item.hasPrefix("results."), try showDirectly(source) { return }
        var options = LoadOptions.skeleton
        let runs = InspectCommand.runNames(in: item)
        options.includesRunGroups = InspectCommand.isInsideRuns(item) && runs.isEmpty
        options.runGroupNames = runs
        options.withRunInformation = false  // one node is shown: no run's status
        let loaded = try source.load(options)
        let node: Node
        do { node = try loaded.node(item) } catch {
            // `results.generations.gen_00003.statistics`: one item of a result.
            if try showResultItem(in: loaded) { return }
            throw CLIError("no such item", because: error, file: file, item: item)
        }
        print(node.fullName + (node.comment.isEmpty ? "" : "  # " + node.comment))
        switch node {
        case let parameter as Parameter:
            print("default: \(ValueDisplay.inline(parameter.defaultValue, full: full))  (\(parameter.defaultValue.typeDescription))")
            if parameter.isExplored {
                print("explored (\(parameter.range.count) runs): " + ValueDisplay.inline(.list(parameter.range), full: full))
            }
        case is ResultNode:
            // Read from the file with the items that cannot be decoded, each shown as an error with its cause.
            let read: (items: [(String, PypetValue)], failures: [StorageError])
            do {
                read = try TrajectoryStorage(path: file).loadItemsAndFailures(of: node.fullName, trajectory: loaded.name)
            } catch {
                throw CLIError("cannot read the result", because: error, file: file, item: item)
            }
            printItems(read)
        case let group as GroupNode:
            print("group with \(group.children.count) children: " + group.children.prefix(30).map(\.name).joined(separator: ", "))
        default:
            break
        }
    }

    /// Shows one item of a result when `item` is a result's name and an item name after the last dot
    /// (`results.generations.gen_00003.statistics`); false when it is not.
    private func showResultItem(in loaded: Trajectory) throws -> Bool {
        guard let dot = item.lastIndex(of: "."), let result = try? loaded.node(String(item[..<dot])), result is ResultNode else { return false }
        let name = String(item[item.index(after: dot)...])
        let read: (items: [(String, PypetValue)], failures: [StorageError])
        do {
            read = try TrajectoryStorage(path: file).loadItemsAndFailures(of: result.fullName, trajectory: loaded.name)
        } catch {
            throw CLIError("cannot read the result", because: error, file: file, item: item)
        }
        let items = read.items.filter { $0.0 == name }, failures = read.failures.filter { $0.item?.hasSuffix("." + name) ?? false }
        guard !items.isEmpty || !failures.isEmpty else {
            throw CLIError(
                "no such item: the result \(result.fullName) has the items " + read.items.map(\.0).joined(separator: ", "), file: file, item: item)
        }
        print(result.fullName + "." + name)
        printItems((items, failures))
        return true
    }

    /// Shows the result `item` read straight from the file; false when it is not a result there.
    private func showDirectly(_ source: TrajectoryFile) throws -> Bool {
        try source.check()
        guard let read = try? TrajectoryStorage(path: file).loadItemsAndFailures(of: item, trajectory: trajectory),
            !read.items.isEmpty || !read.failures.isEmpty
        else { return false }
        print(item)
        printItems(read)
        return true
    }

    /// The run and the names after it when `item` names something of one run below `results` in one of
    /// the forms people type: `run_00000003`, `run_3.y`, `results.runs.run_00000003.y`,
    /// `res.run_set_00000.run_00000003`; nil for any other name (and for a run set that does not hold the run).
    /// `inResults` says whether the name began with `results` (or its alias).
    static func runPath(_ item: String) -> (run: Int, rest: [String], inResults: Bool)? {
        var components = item.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        let first = components.first ?? ""
        let inResults = first == "results" || NodeName.branchAliases[first] == "results"
        if inResults { components.removeFirst() }
        var set: String?
        if let first = components.first, first == "runs" || first.hasPrefix("run_set_") {
            set = first
            components.removeFirst()
        }
        guard let first = components.first, first.hasPrefix("run_"), !first.hasPrefix("run_set_") else { return nil }
        let digits = first.utf8.dropFirst(4)
        guard !digits.isEmpty, digits.count <= 12, digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
            let run = Int(first.dropFirst(4))
        else { return nil }
        if let set, set != "runs", set != NodeName.runSet(run) { return nil }
        let rest = Array(components.dropFirst())
        guard !rest.contains(where: \.isEmpty) else { return nil }
        return (run, rest, inResults)
    }

    /// Shows one run's group or something below it, from the run's own group and index rows; false when
    /// the run stored no result or the name leads elsewhere (the caller then loads the trajectory).
    private func showRun(_ path: (run: Int, rest: [String], inResults: Bool), _ source: TrajectoryFile) throws -> Bool {
        try source.check()
        let storage = TrajectoryStorage(path: file)
        guard let run = try? storage.runResults(path.run, trajectory: trajectory) else { return false }
        guard let child = path.rest.first else {
            print(run.fullName)
            let shown = run.children.prefix(30).joined(separator: ", ") + (run.children.count > 30 ? ", ..." : "")
            print("group with \(run.children.count) children: " + shown)
            return true
        }
        guard run.children.contains(child) else {
            // Named below `results` explicitly: the run's children are all there is. A bare shortcut
            // (`run_3.x`) may still be a derived parameter of the run, which the full load finds.
            guard path.inResults else { return false }
            throw CLIError(
                "no such item: run \(path.run) stored " + (run.children.isEmpty ? "no result" : run.children.joined(separator: ", "))
                    + " (in \(run.fullName))", file: file, item: item)
        }
        let target = ([run.fullName] + path.rest).joined(separator: ".")
        if let read = try? storage.loadItemsAndFailures(of: target, trajectory: trajectory), !read.items.isEmpty || !read.failures.isEmpty {
            print(target)
            printItems(read)
            return true
        }
        // `run_3.y.mean`: one item of the run's result `y`.
        guard path.rest.count >= 2, let name = path.rest.last else { return false }
        let result = ([run.fullName] + path.rest.dropLast()).joined(separator: ".")
        guard let read = try? storage.loadItemsAndFailures(of: result, trajectory: trajectory) else { return false }
        let items = read.items.filter { $0.0 == name }, failures = read.failures.filter { $0.item?.hasSuffix("." + name) ?? false }
        guard !items.isEmpty || !failures.isEmpty else {
            throw CLIError("no such item: the result \(result) has the items " + read.items.map(\.0).joined(separator: ", "), file: file, item: item)
        }
        print(result + "." + name)
        printItems((items, failures))
        return true
    }

    private func printItems(_ read: (items: [(String, PypetValue)], failures: [StorageError])) {
        for (name, value) in read.items {
            let lines = ValueDisplay.lines(value, full: full)
            if lines.count == 1 {
                print("\(name) (\(value.typeDescription)): \(lines[0])")
            } else {
                print("\(name) (\(value.typeDescription)):")
                for line in lines { print(line.hasPrefix("  ") ? line : "  " + line) }
            }
        }
        for failure in read.failures { print("\(failure.item ?? "item"): cannot be read: \(failure.message)") }
    }
}
