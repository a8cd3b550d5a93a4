import Foundation
import Logging
import PypetCore
import Yams

/// Reads the nodes of a configuration file into values, with errors that name the file, line and key.
struct ConfigurationReader {
    let path: String

    func error(_ message: String, _ node: Yams.Node?, key: String) -> EnvironmentError {
        let line = node?.mark.map { ", line \($0.line)" } ?? ""
        return EnvironmentError(code: .configuration, message: "\(path)\(line): '\(key)': \(message)", file: path)
    }

    func unknown(_ key: String, _ node: Yams.Node, known: [String]) -> EnvironmentError {
        error("unknown key; known keys here: \(known.joined(separator: ", "))", node, key: key)
    }

    /// The entries of a mapping (keys as strings, in file order); `at` names it in messages.
    func mapping(_ node: Yams.Node, at key: String) throws(EnvironmentError) -> [(String, Yams.Node)] {
        guard case .mapping(let mapping) = node else { throw error("expected a mapping of keys to values", node, key: key.isEmpty ? "(top level)" : key) }
        var entries: [(String, Yams.Node)] = []
        for (name, value) in mapping {
            guard let text = name.string else { throw error("keys must be text", name, key: key) }
            entries.append((text, value))
        }
        return entries
    }

    func string(_ node: Yams.Node, at key: String) throws(EnvironmentError) -> String {
        guard case .scalar(let scalar) = node, Yams.Tag.Name(rawValue: node.tag.description) != .null else { throw error("expected text", node, key: key) }
        return scalar.string
    }

    func int(_ node: Yams.Node, at key: String, minimum: Int? = nil) throws(EnvironmentError) -> Int {
        guard case .scalar = node, Yams.Tag.Name(rawValue: node.tag.description) == .int, let value = node.int else { throw error("expected a whole number", node, key: key) }
        if let minimum, value < minimum { throw error("must be at least \(minimum), not \(value)", node, key: key) }
        return value
    }

    func double(_ node: Yams.Node, at key: String) throws(EnvironmentError) -> Double {
        guard case .scalar = node, Yams.Tag.Name(rawValue: node.tag.description) == .int || Yams.Tag.Name(rawValue: node.tag.description) == .float, let value = node.float else {
            throw error("expected a number", node, key: key)
        }
        return value
    }

    func bool(_ node: Yams.Node, at key: String) throws(EnvironmentError) -> Bool {
        guard case .scalar = node, Yams.Tag.Name(rawValue: node.tag.description) == .bool, let value = node.bool else { throw error("expected true or false", node, key: key) }
        return value
    }

    /// A parameter value: a number, text, boolean, or a list of one kind of them.
    func value(_ node: Yams.Node, at key: String) throws(EnvironmentError) -> PypetValue {
        switch node {
        case .scalar(let scalar):
            switch Yams.Tag.Name(rawValue: node.tag.description) {
            case .bool: return .bool(node.bool ?? false)
            case .int: if let value = node.int { return .int(value) }
            case .float: if let value = node.float { return .double(value) }
            case .null: throw error("a value is missing", node, key: key)
            default: return .string(scalar.string)
            }
            throw error("cannot read this number", node, key: key)
        case .sequence:
            let values = try values(node, at: key)
            if let ints = try? values.map({ value throws(TrajectoryError) in try Int(pypetValue: value) }) { return .array(NDArray(ints)) }
            if let doubles = try? values.map({ value throws(TrajectoryError) -> Double in
                if case .int(let v) = value { return Double(v) }
                return try Double(pypetValue: value)
            }) { return .array(NDArray(doubles)) }
            if let bools = try? values.map({ value throws(TrajectoryError) in try Bool(pypetValue: value) }) { return .array(NDArray(bools)) }
            if let strings = try? values.map({ value throws(TrajectoryError) in try String(pypetValue: value) }) { return .array(NDArray(strings)) }
            throw error("a list must hold values of one kind (numbers, text or booleans)", node, key: key)
        default:
            throw error("expected a value (number, text, boolean or list)", node, key: key)
        }
    }

    /// A list of values (a range to explore).
    func values(_ node: Yams.Node, at key: String) throws(EnvironmentError) -> [PypetValue] {
        guard case .sequence(let sequence) = node, sequence.count > 0 else { throw error("expected a non-empty list of values", node, key: key) }
        var values: [PypetValue] = []
        for element in sequence {
            if case .sequence = element { throw error("nested lists are not allowed here", element, key: key) }
            values.append(try value(element, at: key))
        }
        return values
    }

    /// Parameters: `name: value`, `name: {value: ..., comment: ...}`, or a group `name: {child: ...}`.
    func parameters(_ node: Yams.Node, prefix: String, into entries: inout [StudyConfiguration.ParameterEntry]) throws(EnvironmentError) {
        for (name, value) in try mapping(node, at: prefix.isEmpty ? "parameters" : prefix) {
            let full = prefix.isEmpty ? name : prefix + "." + name
            guard case .mapping = value else {
                entries.append(.init(name: full, value: try self.value(value, at: "parameters." + full), comment: ""))
                continue
            }
            let fields = try mapping(value, at: "parameters." + full)
            guard fields.contains(where: { $0.0 == "value" }) else {
                try parameters(value, prefix: full, into: &entries)
                continue
            }
            var parameter: PypetValue?
            var comment = ""
            for (field, content) in fields {
                switch field {
                case "value": parameter = try self.value(content, at: "parameters.\(full).value")
                case "comment": comment = try string(content, at: "parameters.\(full).comment")
                default: throw unknown("parameters.\(full).\(field)", content, known: ["value", "comment"])
                }
            }
            if let parameter { entries.append(.init(name: full, value: parameter, comment: comment)) }
        }
    }

    /// The `environment` keys, applied to `options`.
    func environment(_ node: Yams.Node, into options: inout EnvironmentOptions) throws(EnvironmentError) {
        var workers = WorkerProcesses()
        var executor: String?
        var onDirty: String?
        var gitMessage = "committed by swift-pypet before running"
        for (key, value) in try mapping(node, at: "environment") {
            let at = "environment." + key
            switch key {
            case "cores": options.cores = try int(value, at: at, minimum: 0)
            case "seed": options.seed = UInt64(try int(value, at: at, minimum: 0))
            case "resume": options.resume = try bool(value, at: at)
            case "overwrite": options.overwrite = try bool(value, at: at)
            case "executor": executor = try string(value, at: at)
            case "workers": workers.workers = try int(value, at: at, minimum: 0)
            case "retries": workers.retries = try int(value, at: at, minimum: 0)
            case "timeout": workers.timeout = try double(value, at: at)
            case "memory_limit_mb": workers.memoryLimit = try int(value, at: at, minimum: 16) << 20
            case "niceness": workers.niceness = try int(value, at: at, minimum: 0)
            case "time_budget": options.timeBudget = try double(value, at: at)
            case "checkpoint_runs": options.checkpointRuns = try int(value, at: at, minimum: 1)
            case "checkpoint_seconds": options.checkpointSeconds = try double(value, at: at)
            case "automatic_storing": options.automaticStoring = try bool(value, at: at)
            case "keep_run_results": options.keepRunResults = try bool(value, at: at)
            case "graceful_exit": options.gracefulExit = try bool(value, at: at)
            case "stop_after_failures": options.failurePolicy = .stopAfter(try int(value, at: at, minimum: 1))
            case "durability":
                switch try string(value, at: at) {
                case "process": options.durability = .process
                case "power": options.durability = .power
                default: throw error("expected process or power", value, key: at)
                }
            case "run_grouping":
                guard let grouping = EnvironmentOptions.RunGrouping(rawValue: try string(value, at: at)) else {
                    throw error("expected automatic, runs or runSets", value, key: at)
                }
                options.runGrouping = grouping
            case "progress":
                switch try string(value, at: at) {
                case "automatic": options.progress = .automatic
                case "bar": options.progress = .bar
                case "log": options.progress = .log(seconds: 10)
                case "none": options.progress = .none
                default: throw error("expected automatic, bar, log or none", value, key: at)
                }
            case "log_level":
                guard let level = Logger.Level(rawValue: try string(value, at: at)) else {
                    throw error("expected trace, debug, info, notice, warning, error or critical", value, key: at)
                }
                options.logLevel = level
            case "log_folder": options.logFolder = try string(value, at: at)
            case "git_on_dirty": onDirty = try string(value, at: at)
            case "git_message": gitMessage = try string(value, at: at)
            case "git_repository": options.git.repository = try string(value, at: at)
            default:
                throw unknown(at, value, known: [
                    "cores", "seed", "resume", "overwrite", "executor", "workers", "retries", "timeout", "memory_limit_mb", "niceness",
                    "time_budget", "checkpoint_runs", "checkpoint_seconds", "automatic_storing", "keep_run_results", "graceful_exit",
                    "stop_after_failures", "durability", "run_grouping", "progress", "log_level", "log_folder", "git_on_dirty", "git_message",
                    "git_repository",
                ])
            }
        }
        if let executor {
            do throws(EnvironmentError) {
                options.executor = try ExecutorChoice.named(executor, limits: workers)
            } catch {
                throw self.error(error.message, nil, key: "environment.executor")
            }
        } else if workers != WorkerProcesses() {
            options.executor = .processes(workers)
        }
        switch onDirty {
        case nil, "record": break
        case "refuse": options.git.onDirty = .refuse
        case "commit": options.git.onDirty = .commit(message: gitMessage)
        case let other?: throw error("expected record, refuse or commit, not \(other)", nil, key: "environment.git_on_dirty")
        }
    }
}
