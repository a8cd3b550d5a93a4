public import Logging
public import PypetStorage

/// How an ``Environment`` runs, stores, reports and logs. Every field has pypet's default or a safer one.
public struct EnvironmentOptions: Sendable {
    /// Worker tasks running at once: 1 (default) runs serially, 0 uses every processor.
    public var cores: Int = 1
    /// Where runs execute: in this process (``ExecutorChoice/automatic`` from ``cores``, the default), or
    /// in worker processes that isolate crashing, hanging or memory-hungry runs
    /// (``ExecutorChoice/processes(_:)``; see ``WorkerProcesses``).
    public var executor: ExecutorChoice = .automatic
    /// Start afresh: delete an existing file (with its journal and parts) before creating the trajectory,
    /// unless ``resume`` continues it. Off (default): a file holding this trajectory's name is an error.
    public var overwrite: Bool = false
    /// What to do with the git repository the program runs in: its commit, branch and dirty state are
    /// always recorded when there is one; ``GitPolicy/OnDirty/refuse`` or ``GitPolicy/OnDirty/commit(message:)``
    /// also act on uncommitted changes (pypet's `git_fail` and `git_message`).
    public var git: GitPolicy = .init()
    /// Wall-clock seconds the whole exploration may take: after that no new run starts, the active runs
    /// finish and are committed, and the call throws ``EnvironmentError/Code/timeBudgetExhausted``
    /// (resume continues it). nil: no budget.
    public var timeBudget: Double?
    /// Stop unpromising runs early from the values they report with ``RunContext/report(step:value:)``
    /// (median, successive halving/ASHA, Hyperband, patience, threshold; see ``Pruning``). nil (default):
    /// reports are recorded but no run is stopped.
    public var pruning: Pruning?
    /// The seed every run's random stream is derived from (with its run index).
    public var seed: UInt64 = 42
    /// Continue the trajectory when the file already holds one of the same name (an interrupted search,
    /// or one to extend): it is recovered from the file, its parts and its journal, completed runs are
    /// kept, and ``Environment/isResumed`` tells the program to skip its set-up. Off: such a file is an
    /// error (``EnvironmentError/Code/alreadyExists``).
    public var resume: Bool = false
    /// Commit every finished run to the HDF5 file (journal, then sealed parts, then the merged file).
    /// When false, nothing is written and results are only returned.
    public var automaticStoring: Bool = true
    /// Commit what each job returns with its run when it is a `PypetValueConvertible` (numbers, strings,
    /// arrays, an optimizer's fitness): kept in the file's `overview/run_values`, readable with
    /// `TrajectoryStorage.runValues(of:)`, and what lets a resumed optimizer reuse completed runs.
    public var recordsReturnValues: Bool = true
    /// Also keep each run's results in the in-memory trajectory (pypet's `clean_up_runs=False`). By default
    /// run data are dropped from memory once committed; the file has them.
    public var keepRunResults: Bool = false
    /// Where results of runs go: `.runs` (`results.runs.run_00000003`), `.runSets`
    /// (`results.run_set_00000.run_00000003`), or `.automatic` (run sets when more than 1000 runs are
    /// explored when running starts).
    public var runGrouping: RunGrouping = .automatic
    /// Seal a part file after this many committed runs...
    public var checkpointRuns: Int = 10_000
    /// ...or after this many seconds.
    public var checkpointSeconds: Double = 30
    /// `.process` survives a killed process (default); `.power` also power loss (fdatasync per run).
    public var durability: Durability = .process
    /// Compression and checksums of the file.
    public var storage: StorageOptions = .init()
    /// What to do when jobs throw.
    public var failurePolicy: FailurePolicy = .continue
    /// On the first SIGINT finish the active runs and start no new ones; a second SIGINT stops at once.
    public var gracefulExit: Bool = true
    /// How progress is shown.
    public var progress: ProgressStyle = .automatic
    /// The level of log messages on stderr.
    public var logLevel: Logger.Level = .info
    /// The folder of the log files: `<folder>/<trajectory>/LOG.txt` (everything at ``fileLogLevel`` and
    /// above) and `ERROR.txt` (errors only). nil writes no log files.
    public var logFolder: String? = "logs"
    /// The level of the main log file.
    public var fileLogLevel: Logger.Level = .info

    /// The default options.
    public init() {}

    /// Where run results are placed in the tree.
    public enum RunGrouping: String, Sendable, Hashable, Codable {
        case automatic, runs, runSets
    }

    /// What happens when jobs throw.
    public enum FailurePolicy: Sendable, Hashable {
        /// Mark the run failed and go on (default).
        case `continue`
        /// Start no new run once this many runs failed; the call then throws
        /// ``EnvironmentError/Code/tooManyFailures`` after committing what finished.
        case stopAfter(Int)
    }

    /// How progress is reported.
    public enum ProgressStyle: Sendable, Hashable {
        /// A bar on a terminal, log lines otherwise.
        case automatic
        /// A bar on a terminal, nothing otherwise (for programs that print their own lines: write them with
        /// ``Environment/printLine(_:)`` so they land above the bar).
        case terminalOnly
        /// Always a redrawn bar on stderr.
        case bar
        /// Log lines (at info level) every `seconds` or every 10 % of the runs.
        case log(seconds: Double)
        /// Nothing.
        case none
    }
}
