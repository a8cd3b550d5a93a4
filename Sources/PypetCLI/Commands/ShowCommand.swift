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
        // A result inside a run's group, named in full, is read directly: nothing else is opened.
        if InspectCommand.isInsideRuns(item), item.hasPrefix("results."), try showDirectly(source) { return }
        var options = LoadOptions.skeleton
        let runs = InspectCommand.runNames(in: item)
        options.includesRunGroups = InspectCommand.isInsideRuns(item) && runs.isEmpty
        options.runGroupNames = runs
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
