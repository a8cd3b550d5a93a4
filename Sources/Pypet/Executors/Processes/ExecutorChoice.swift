/// Where an environment executes its runs (``EnvironmentOptions/executor``).
public enum ExecutorChoice: Sendable, Equatable {
    /// One run at a time in the calling task when ``EnvironmentOptions/cores`` is 1, a pool of Swift tasks
    /// otherwise (the default).
    case automatic
    /// One run at a time in the calling task.
    case inline
    /// A pool of ``EnvironmentOptions/cores`` Swift tasks in this process.
    case tasks
    /// Worker processes: a run that crashes, hangs or runs out of memory fails alone.
    case processes(WorkerProcesses)
    /// An executor of your own, or one from another module (such as PypetMPI's ranks).
    case custom(any RunExecutor)

    /// Equal cases with equal settings; custom executors are equal when they are of the same type.
    public static func == (lhs: ExecutorChoice, rhs: ExecutorChoice) -> Bool {
        switch (lhs, rhs) {
        case (.automatic, .automatic), (.inline, .inline), (.tasks, .tasks): true
        case (.processes(let a), .processes(let b)): a == b
        case (.custom(let a), .custom(let b)): type(of: a) == type(of: b)
        default: false
        }
    }

    /// Worker processes with the given settings (see ``WorkerProcesses``).
    public static func processes(
        workers: Int = 0, retries: Int = 0, timeout: Double? = nil, memoryLimit: Int? = nil, niceness: Int = 0
    ) -> ExecutorChoice {
        .processes(WorkerProcesses(workers: workers, retries: retries, timeout: timeout, memoryLimit: memoryLimit, niceness: niceness))
    }

    /// The executor named on a command line (`inline`, `tasks`, `processes`; `mpi` needs the PypetMPI
    /// module): `workers` and `limits` apply to `processes`. Unknown names are typed errors.
    public static func named(_ name: String, limits: WorkerProcesses = .init()) throws(EnvironmentError) -> ExecutorChoice {
        switch name.lowercased() {
        case "automatic", "auto": return .automatic
        case "inline", "serial": return .inline
        case "tasks", "threads": return .tasks
        case "processes", "process": return .processes(limits)
        case "mpi":
            throw EnvironmentError(
                code: .invalidArgument,
                message: "the executor 'mpi' needs a program built with MPI support (the PypetMPI module, started by mpirun); this program has none, use 'processes' for one machine")
        default:
            throw EnvironmentError(code: .invalidArgument, message: "unknown executor '\(name)'; choose inline, tasks or processes")
        }
    }
}
