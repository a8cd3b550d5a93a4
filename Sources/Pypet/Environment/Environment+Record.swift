import Foundation
import PypetCore

extension Environment {
    /// Adds this environment's record under `config.environment.<name>`.
    func addRecord(host: String, git: GitState?) throws(TrajectoryError) {
        let base = "environment.\(name)."
        func add(_ key: String, _ value: PypetValue, _ comment: String) throws(TrajectoryError) {
            try trajectory.addConfig(base + key, value, comment: comment)
        }
        let seed: PypetValue = options.seed <= UInt64(Int.max) ? .int(Int(options.seed)) : .string(String(options.seed))
        try add("name", .string(name), "Name of the environment")
        try add("hexsha", .string(hexsha), "SHA-1 identifying the environment")
        try add("trajectory", .string(trajectory.name), "Name of the trajectory")
        try add("timestamp", .double(timestamp), "Creation time (seconds since 1970)")
        try add("time", .string(Trajectory.timeString(timestamp)), "Creation time (UTC)")
        try add("comment", .string(trajectory.comment), "Comment of the trajectory")
        try add("swift_pypet_version", .string(Versions.swiftPypet), "swift-pypet version")
        try add("swift_version", .string(Versions.swift), "Swift compiler version")
        try add("hdf5_version", .string(Versions.hdf5), "libhdf5 version")
        try add("gsl_version", .string(Versions.gsl), "GNU GSL version")
        try add("host", .string(host), "Host name")
        try add("cores", .int(executor.concurrency), "Runs executing at once")
        try add("executor", .string(executor.placeDescription), "Where runs execute")
        if case .processes(let settings) = options.executor {
            try add("worker_retries", .int(settings.retries), "Tries again of a run whose worker process died")
            if let timeout = settings.timeout { try add("worker_timeout", .double(timeout), "Seconds a run may take in a worker process") }
            if let limit = settings.memoryLimit { try add("worker_memory_limit", .int(limit), "Bytes of data memory a worker process may use") }
            try add("worker_niceness", .int(settings.niceness), "Niceness of the worker processes")
        }
        if let budget = options.timeBudget { try add("time_budget", .double(budget), "Seconds the exploration may take") }
        try add("seed", seed, "Seed of the runs' random streams")
        try add("command_line", .string(CommandLine.arguments.joined(separator: " ")), "Command line of the process")
        try add("arguments", .string(CommandLine.arguments.joined(separator: "\n")), "Arguments of the process, one per line")
        try add("user", .string(Self.userName), "User running the process")
        try add("working_directory", .string(FileManager.default.currentDirectoryPath), "Working directory of the process")
        try add("process_id", .int(Int(getpid())), "Process id")
        try add("automatic_storing", .bool(options.automaticStoring), "Runs committed to the file")
        try add("keep_run_results", .bool(options.keepRunResults), "Run results kept in memory")
        try add("run_grouping", .string(options.runGrouping.rawValue), "Placement of run results")
        try add("checkpoint_runs", .int(options.checkpointRuns), "Runs per sealed part file")
        try add("checkpoint_seconds", .double(options.checkpointSeconds), "Seconds between sealed part files")
        try add("durability", .string(options.durability == .power ? "power" : "process"), "Commit durability")
        let policy: String = switch options.failurePolicy {
        case .continue: "continue"
        case .stopAfter(let count): "stop after \(count)"
        }
        try add("failure_policy", .string(policy), "What failed runs do")
        try add("graceful_exit", .bool(options.gracefulExit), "SIGINT finishes active runs first")
        if let git {
            try add("git_commit", .string(git.commit), "Git commit of the working directory")
            try add("git_branch", .string(git.branch), "Git branch")
            try add("git_dirty", .bool(git.isDirty), "Whether the working tree had uncommitted changes")
            if git.isDirty {
                try add("git_changes_sha1", .string(git.changesHash), "SHA-1 of the uncommitted changes (git diff HEAD and untracked files)")
                try add("git_changed_files", .string(git.changedFiles.joined(separator: "\n")), "Files with uncommitted changes")
            }
        } else if let commit = Self.gitCommit() {
            try add("git_commit", .string(commit), "Git commit of the working directory")
        }
    }

    /// Records `path` as an input of the study (a data set, a configuration, a model) with the SHA-1 of its
    /// bytes, under `config.environment.<name>.inputs.input_<n>`, so a later reader can tell whether the
    /// same inputs made another file. A missing or unreadable file is a typed error.
    public func recordInput(_ path: String) throws(EnvironmentError) {
        guard !Self.isWorker else { return }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw EnvironmentError(code: .invalidArgument, message: "cannot read the input file \(path) (missing or unreadable)", file: file)
        }
        let digest = SHA1.digest(Array(data)).map { String(format: "%02x", $0) }.joined()
        let prefix = "config.environment.\(name).inputs."
        let number = trajectory.config.leaves().filter { $0.fullName.hasPrefix(prefix) && $0.name == "path" }.count
        let base = "environment.\(name).inputs.input_\(number)."
        do {
            try trajectory.addConfig(base + "path", .string(path), comment: "An input file of the study")
            try trajectory.addConfig(base + "sha1", .string(digest), comment: "SHA-1 of its bytes")
            try trajectory.addConfig(base + "bytes", .int(data.count), comment: "Its size")
        } catch {
            throw EnvironmentError.wrapping(error, file: file)
        }
    }

    /// The name of the user running this process.
    static var userName: String {
        if let entry = getpwuid(getuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return ProcessInfo.processInfo.environment["USER"] ?? "unknown"
    }

    /// Records the end of a run call (pypet's Sumatra record's outcome): when it started and finished and
    /// how it ended, under `config.environment.<name>.calls.call_<n>`.
    func recordCall(started: Double, outcome: String) {
        let calls = "environment.\(name).calls."
        let existing = trajectory.config.nodes().filter { $0.fullName.hasPrefix("config." + calls + "call_") && $0.name.hasPrefix("call_") }
        let number = existing.count
        let base = calls + "call_\(number)."
        _ = try? trajectory.addConfig(base + "started", .double(started), comment: "When the run call started (seconds since 1970)")
        _ = try? trajectory.addConfig(base + "finished", .double(Date().timeIntervalSince1970), comment: "When it finished (seconds since 1970)")
        _ = try? trajectory.addConfig(base + "outcome", .string(outcome), comment: "How it ended")
    }

    /// Applies `policy` to the repository (refusing or committing a dirty tree) and returns its state;
    /// nil when the program runs outside a repository or git is missing.
    static func checkGit(_ policy: GitPolicy) throws(EnvironmentError) -> GitState? {
        let folder = policy.repository ?? FileManager.default.currentDirectoryPath
        guard let state = GitState.read(in: folder) else {
            if policy.repository != nil || policy.onDirty != .record {
                if policy.onDirty == .record { return nil }
                throw EnvironmentError(
                    code: .dirtyRepository, message: "\(folder) is not in a git repository (or git is missing), so its state cannot be checked")
            }
            return nil
        }
        guard state.isDirty else { return state }
        switch policy.onDirty {
        case .record:
            return state
        case .refuse:
            let shown = state.changedFiles.prefix(10).joined(separator: ", ") + (state.changedFiles.count > 10 ? ", ..." : "")
            throw EnvironmentError(
                code: .dirtyRepository,
                message: "the git working tree has uncommitted changes (\(shown)); commit them or let the environment commit them (GitPolicy.OnDirty.commit)")
        case .commit(let message):
            try GitState.commitAll(in: folder, message: message)
            guard let committed = GitState.read(in: folder) else {
                throw EnvironmentError(code: .dirtyRepository, message: "cannot read the git repository of \(folder) after committing")
            }
            return committed
        }
    }

    /// The commit `HEAD` points at in the current directory's git repository (read from `.git`, no
    /// subprocess), or nil.
    static func gitCommit() -> String? {
        var directory = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        for _ in 0..<32 {
            let git = directory.appendingPathComponent(".git")
            if let head = try? String(contentsOf: git.appendingPathComponent("HEAD"), encoding: .utf8) {
                let trimmed = head.trimmingCharacters(in: .whitespacesAndNewlines)
                guard trimmed.hasPrefix("ref: ") else { return trimmed.count == 40 ? trimmed : nil }
                let reference = String(trimmed.dropFirst(5))
                if let sha = try? String(contentsOf: git.appendingPathComponent(reference), encoding: .utf8) {
                    return sha.trimmingCharacters(in: .whitespacesAndNewlines)
                }
                let packed = (try? String(contentsOf: git.appendingPathComponent("packed-refs"), encoding: .utf8)) ?? ""
                for line in packed.split(separator: "\n") where line.hasSuffix(" " + reference) {
                    return String(line.prefix(40))
                }
                return nil
            }
            let parent = directory.deletingLastPathComponent()
            if parent.path == directory.path { return nil }
            directory = parent
        }
        return nil
    }
}
