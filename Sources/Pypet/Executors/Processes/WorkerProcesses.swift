/// How an environment runs its runs in worker processes (``ExecutorChoice/processes(_:)``): how many,
/// what limits each run gets, and how often a run whose worker died is tried again.
///
/// Worker processes are the running program started again (SPMD, as MPI programs are): each worker
/// executes the program up to the same ``Environment/run(_:postProcessing:runs:)`` call and serves runs
/// there, so the job closure needs no serialisation. A run that crashes its worker (a bad memory access, a
/// trap, an exit), exceeds the time or memory limit fails alone with the cause; a fresh worker replaces it.
public struct WorkerProcesses: Sendable, Hashable {
    /// Worker processes running at once; 0 means one per processor.
    public var workers: Int
    /// How many times a run whose worker died (signal, exit, timeout, memory) is tried again, each time
    /// in a fresh worker, before it counts as failed (Ray Tune's `max_failures`). A job that throws is
    /// not retried: it failed, its worker did not.
    public var retries: Int
    /// Wall-clock seconds a run may take; its worker is killed after that and the run fails with
    /// "timeout". nil: no limit.
    public var timeout: Double?
    /// The most memory (data segment: heap and private mappings, in bytes) a worker may use, including
    /// what the program allocated before its run call; a run that needs more fails with "out of memory".
    /// nil: no limit.
    public var memoryLimit: Int?
    /// The workers' niceness (0 to 19; higher yields the processor to other programs).
    public var niceness: Int
    /// Seconds a new worker may take to reach the run call (the program's set-up before it) before it
    /// counts as unable to start.
    public var startupTimeout: Double
    /// The program the workers run; nil (default) starts the running executable again with the same
    /// arguments.
    public var executable: String?

    /// Worker processes with the given limits.
    public init(
        workers: Int = 0, retries: Int = 0, timeout: Double? = nil, memoryLimit: Int? = nil, niceness: Int = 0,
        startupTimeout: Double = 300, executable: String? = nil
    ) {
        self.workers = workers
        self.retries = retries
        self.timeout = timeout
        self.memoryLimit = memoryLimit
        self.niceness = niceness
        self.startupTimeout = startupTimeout
        self.executable = executable
    }

    /// Checks the settings, naming the one that is wrong.
    func validate() throws(EnvironmentError) {
        func invalid(_ message: String) -> EnvironmentError { EnvironmentError(code: .invalidArgument, message: message) }
        guard workers >= 0 else { throw invalid("workers must be 0 (one per processor) or positive, not \(workers)") }
        guard retries >= 0 else { throw invalid("retries must be 0 or positive, not \(retries)") }
        if let timeout, !(timeout > 0 && timeout.isFinite) { throw invalid("the run timeout must be a positive number of seconds, not \(timeout)") }
        if let memoryLimit, memoryLimit < 16 << 20 {
            throw invalid("the memory limit must be at least 16 MB (a worker needs that much to start), not \(memoryLimit) bytes")
        }
        guard (0...19).contains(niceness) else { throw invalid("niceness must be between 0 and 19, not \(niceness)") }
        guard startupTimeout > 0 else { throw invalid("the startup timeout must be positive") }
    }
}
