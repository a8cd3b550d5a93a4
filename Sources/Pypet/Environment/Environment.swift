import Foundation
public import Logging
public import PypetCore
import PypetStorage
#if canImport(Glibc)
import Glibc
#endif

/// pypet's experiment runner: owns a trajectory and its HDF5 file, runs a job for every explored point
/// (serially or on several cores), commits each finished run durably, and drives post-processing that may
/// expand the trajectory (the adaptive loop).
///
/// ```swift
/// let env = try Environment(trajectory: "multiply", comment: "x times y")
/// try env.trajectory.addParameter("x", 1.0)
/// try env.trajectory.addParameter("y", 1.0)
/// try env.trajectory.explore(CartesianProduct(["x": [1.0, 2.0], "y": [6.0, 7.0]]).ranges)
/// let products = try await env.run { run in
///     let z = try run.x.value(as: Double.self) * run.y.value(as: Double.self)
///     try run.addResult("z", z)
///     return z
/// }
/// ```
///
/// Each environment records itself under `config.environment.environment_<sha7>_<time>` (hexsha, times,
/// versions, host, cores, seed, command line, settings); an environment that continues a loaded
/// trajectory adds a second record.
public final class Environment {
    /// The trajectory the environment runs.
    public let trajectory: Trajectory
    /// The HDF5 file, or nil when ``EnvironmentOptions/automaticStoring`` is off.
    public let file: String?
    /// The options.
    public let options: EnvironmentOptions
    /// SHA-1 identifying this environment (of trajectory name, time, host, process and command line).
    public let hexsha: String
    /// When the environment was created (seconds since 1970).
    public let timestamp: Double
    /// `environment_<sha7>_<YYYY_MM_DD_HHhMMmSSs>`, the name of its record.
    public let name: String
    /// The logger (stderr, and `LOG.txt`/`ERROR.txt` below ``EnvironmentOptions/logFolder``).
    public var logger: Logger
    /// Where runs execute.
    public let executor: any RunExecutor
    let stopSignal = StopSignal()
    /// The learning curves of the runs that reported (see ``RunContext/report(step:value:)``), by run; read
    /// from the file for runs of earlier sessions when pruning needs them.
    var learningCurves: [Int: LearningCurve] = [:]
    /// Whether ``learningCurves`` holds the curves of the runs the file had when this environment started.
    var loadedStoredCurves = false
    private let detail = ProgressDetailBox()

    /// A short text the progress line shows after the run counts, set by whoever drives the runs (an
    /// optimization shows its generation, evaluations, best value so far and ETA); nil shows the runs' ETA.
    public var progressDetail: String? {
        get { detail.text }
        set { detail.text = newValue }
    }

    /// Prints a line to standard output above the progress bar (a plain `print` would land inside the bar
    /// on a terminal).
    public static func printLine(_ text: String) {
        TerminalLine.shared.writeLine(text, to: STDOUT_FILENO)
    }

    /// Reads ``progressDetail`` for the progress reporter.
    var progressDetailSource: @Sendable () -> String? {
        { [detail] in detail.text }
    }
    /// Whether the trajectory was loaded from the file to be continued (``EnvironmentOptions/resume``,
    /// or ``loading(trajectory:file:options:executor:)``): skip adding parameters and exploring.
    public private(set) var isResumed = false

    /// Creates a new trajectory named `trajectory` and an environment for it. The file defaults to
    /// `./hdf5/<trajectory>.hdf5` (as pypet).
    public convenience init(
        trajectory name: String, comment: String = "", file: String? = nil, options: EnvironmentOptions = .init(),
        executor: (any RunExecutor)? = nil
    ) throws(EnvironmentError) {
        let path = file ?? "hdf5/\(name).hdf5"
        // A worker process leaves the file to its parent: it starts from an empty trajectory.
        if !Self.isWorker, options.overwrite, !options.resume, options.automaticStoring {
            do {
                try RunStore.removeFiles(path: path)
            } catch {
                throw EnvironmentError.wrapping(error, file: path)
            }
        }
        if !Self.isWorker, options.resume, options.automaticStoring, let recovered = try Self.recover(trajectory: name, file: path) {
            try self.init(trajectory: recovered, file: path, options: options, executor: executor)
            isResumed = true
            return
        }
        let trajectory: Trajectory
        do {
            trajectory = try Trajectory(name: name, comment: comment)
        } catch {
            throw EnvironmentError.wrapping(error, file: file)
        }
        try self.init(trajectory: trajectory, file: file, options: options, executor: executor)
    }

    /// The trajectory `name` of `file` with everything committed to its parts and journal merged in, or
    /// nil when the file does not exist or holds no such trajectory.
    static func recover(trajectory name: String?, file: String) throws(EnvironmentError) -> Trajectory? {
        guard FileManager.default.fileExists(atPath: file) else { return nil }
        do {
            try RunStore.recover(path: file)
            let storage = TrajectoryStorage(path: file)
            if let name, try !storage.trajectoryNames().contains(name) { return nil }
            let loaded = try storage.load(name: name, options: .skeleton).trajectory
            let hasLeftovers = FileManager.default.fileExists(atPath: file + ".journal") || FileManager.default.fileExists(atPath: file + ".parts")
            guard hasLeftovers else { return loaded }
            // Merge parts and journal (expansions, run statuses, results, generation records), then read
            // the merged file again so the tree holds everything that was committed.
            try RunStore.finish(path: file, trajectory: loaded)
            return try storage.load(name: loaded.name, options: .skeleton).trajectory
        } catch {
            throw EnvironmentError.wrapping(error, file: file)
        }
    }

    /// An environment for an existing trajectory (new, or loaded from its file to be continued).
    public init(
        trajectory: Trajectory, file: String? = nil, options: EnvironmentOptions = .init(), executor: (any RunExecutor)? = nil
    ) throws(EnvironmentError) {
        try Self.validate(options)
        self.trajectory = trajectory
        self.options = options
        self.executor = executor ?? Self.makeExecutor(options)
        self.file = options.automaticStoring ? (file ?? "hdf5/\(trajectory.name).hdf5") : nil
        timestamp = Date().timeIntervalSince1970
        let host = Self.hostName
        hexsha = SHA1.hexDigest(
            "\(trajectory.name)|\(trajectory.creationTimestamp)|\(timestamp)|\(host)|\(getpid())|\(CommandLine.arguments.joined(separator: " "))")
        name = "environment_" + hexsha.prefix(7) + "_" + Trajectory.timeString(timestamp)
        logger = Self.makeLogger(trajectory: trajectory.name, options: options)
        if Self.isWorker { return }
        if let file = self.file { try Self.checkFile(file, for: trajectory) }
        let git = try Self.checkGit(options.git)
        do {
            try addRecord(host: host, git: git)
        } catch {
            throw EnvironmentError.wrapping(error, file: self.file)
        }
    }

    /// Loads the trajectory `name` (nil: the last one) from `file` and creates an environment that
    /// continues it: completed runs are skipped, new points can be explored with `expand`.
    public static func loading(
        trajectory name: String? = nil, file: String, options: EnvironmentOptions = .init(), executor: (any RunExecutor)? = nil
    ) throws(EnvironmentError) -> Environment {
        if isWorker {
            // The parent owns the file; a worker needs only to reach the same run call.
            let empty: Trajectory
            do {
                empty = try Trajectory(name: name ?? "trajectory")
            } catch {
                throw EnvironmentError.wrapping(error, file: file)
            }
            let environment = try Environment(trajectory: empty, file: file, options: options, executor: executor)
            environment.isResumed = true
            return environment
        }
        guard let loaded = try recover(trajectory: name, file: file) else {
            throw EnvironmentError(code: .storage, message: "no trajectory \(name.map { "'\($0)' " } ?? "")in '\(file)'", file: file)
        }
        let environment = try Environment(trajectory: loaded, file: file, options: options, executor: executor)
        environment.isResumed = true
        return environment
    }

    /// Asks the running ``run(_:postProcessing:)`` to start no new runs (as a first SIGINT does); active
    /// runs finish and are committed, then the call throws ``EnvironmentError/Code/interrupted``.
    public func requestStop() {
        stopSignal.fire()
    }

    /// A `Sendable` handle that stops this environment's runs from anywhere (another task, a job, a
    /// signal handler of your own), like ``requestStop()``.
    public var stopHandle: StopHandle { StopHandle(signal: stopSignal) }

    // MARK: Creation helpers

    /// Whether this process is a worker process of an environment (``ExecutorChoice/processes(_:)``): the
    /// program started again by its parent to serve runs. Workers execute the program up to the run call;
    /// skip side effects before it (printing, writing files of your own) when this is true. An
    /// environment in a worker never opens, creates or deletes the trajectory's file.
    public static var isWorker: Bool { ProcessRole.isWorker }

    static func makeExecutor(_ options: EnvironmentOptions) -> any RunExecutor {
        switch options.executor {
        case .automatic: options.cores == 1 ? SerialRunExecutor() : TaskPoolExecutor(cores: options.cores)
        case .inline: SerialRunExecutor()
        case .tasks: TaskPoolExecutor(cores: options.cores)
        case .processes(let settings): ProcessRunExecutor(settings)
        case .custom(let executor): executor
        }
    }

    static func validate(_ options: EnvironmentOptions) throws(EnvironmentError) {
        func invalid(_ message: String) -> EnvironmentError { EnvironmentError(code: .invalidArgument, message: message) }
        if case .processes(let settings) = options.executor { try settings.validate() }
        if let budget = options.timeBudget, !(budget > 0) { throw invalid("the time budget must be a positive number of seconds, not \(budget)") }
        guard options.cores >= 0 else { throw invalid("cores must be 0 (all) or positive, not \(options.cores)") }
        guard options.checkpointRuns >= 1 else { throw invalid("checkpointRuns must be positive, not \(options.checkpointRuns)") }
        guard options.checkpointSeconds > 0 else { throw invalid("checkpointSeconds must be positive") }
        if case .stopAfter(let count) = options.failurePolicy, count < 1 {
            throw invalid("stopAfter needs at least 1 failure, not \(count)")
        }
        try options.pruning?.validate()
    }

    /// Reads the learning curves of the completed runs the file holds from earlier sessions (once), so a
    /// resumed exploration prunes as the interrupted one would have.
    func loadStoredCurves() {
        guard !loadedStoredCurves else { return }
        loadedStoredCurves = true
        guard let file, FileManager.default.fileExists(atPath: file) else { return }
        let storage = TrajectoryStorage(path: file)
        for info in trajectory.runStatuses where info.completed && learningCurves[info.index] == nil {
            for group in ["results.runs.\(info.name)", "results.\(NodeName.runSet(info.index)).\(info.name)"] {
                guard let items = try? storage.loadItems(of: group + "." + RunRecord.learningCurveName, trajectory: trajectory.name) else { continue }
                if let curve = LearningCurve(run: info.index, items: items) { learningCurves[info.index] = curve }
                break
            }
        }
    }

    /// Refuses a file that already holds a different trajectory of the same name.
    static func checkFile(_ file: String, for trajectory: Trajectory) throws(EnvironmentError) {
        guard FileManager.default.fileExists(atPath: file) else { return }
        do {
            try RunStore.recover(path: file)
            let storage = TrajectoryStorage(path: file)
            guard try storage.trajectoryNames().contains(trajectory.name) else { return }
            let stored = try storage.load(name: trajectory.name, options: LoadOptions(
                parameters: .nothing, derivedParameters: .nothing, config: .nothing, results: .nothing, withRunInformation: false)).trajectory
            guard stored.creationTimestamp == trajectory.creationTimestamp else {
                throw EnvironmentError(
                    code: .alreadyExists,
                    message: "'\(file)' already holds another trajectory named '\(trajectory.name)'; load it with Environment.loading(trajectory:file:), or choose another name or file",
                    file: file)
            }
        } catch let error as EnvironmentError {
            throw error
        } catch {
            throw EnvironmentError.wrapping(error, file: file)
        }
    }

    static var hostName: String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "unknown" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func makeLogger(trajectory: String, options: EnvironmentOptions) -> Logger {
        let label = "pypet.environment." + trajectory
        var handlers: [any LogHandler] = []
        var console = ConsoleLogHandler(label: label)
        console.logLevel = options.logLevel
        handlers.append(console)
        if let folder = options.logFolder, !isWorker {
            let directory = folder + "/" + trajectory
            if (try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)) != nil {
                if let main = FileLogHandler(label: label, path: directory + "/LOG.txt", level: options.fileLogLevel) { handlers.append(main) }
                if let errors = FileLogHandler(label: label, path: directory + "/ERROR.txt", level: .error) { handlers.append(errors) }
            }
        }
        // The multiplexer's level is the lowest of its handlers'; each handler filters by its own.
        return Logger(label: label) { _ in MultiplexLogHandler(handlers) }
    }
}
