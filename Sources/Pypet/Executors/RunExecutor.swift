/// Executes runs: takes requests from a ``RunQueue`` until it ends, has each one performed, and hands each
/// completion on. The environment supplies both steps, so executors only decide *where and how many at a
/// time*: inline (``SerialRunExecutor``), on a pool of Swift tasks (``TaskPoolExecutor``), or, in an
/// executor of your own, on worker processes or MPI ranks (requests and completions are `Codable`).
///
/// Results never depend on the executor: each run's random stream comes from (seed, run index) and the
/// environment sorts by run index before anything reaches the user or the file.
public protocol RunExecutor: Sendable {
    /// How many runs may execute at the same time.
    var concurrency: Int { get }

    /// Where runs execute, for log lines: "2 cores", "4 worker processes".
    var placeDescription: String { get }

    /// Runs every request `queue` hands out with `perform` and passes its completion to `complete`
    /// (which commits it and must be called exactly once per request). Returns when `queue.next()`
    /// returned nil and every started run was completed.
    func execute<Value: Sendable>(
        _ queue: RunQueue,
        perform: @escaping @Sendable (RunRequest) async -> RunCompletion<Value>,
        complete: @escaping @Sendable (RunCompletion<Value>) async -> Void
    ) async
}

extension RunExecutor {
    /// "N core(s)".
    public var placeDescription: String { concurrency == 1 ? "1 core" : "\(concurrency) cores" }
}

/// Runs one run at a time in the calling task, in the order the queue hands them out.
public struct SerialRunExecutor: RunExecutor {
    /// Creates the serial executor.
    public init() {}

    /// Always 1.
    public var concurrency: Int { 1 }

    public func execute<Value: Sendable>(
        _ queue: RunQueue,
        perform: @escaping @Sendable (RunRequest) async -> RunCompletion<Value>,
        complete: @escaping @Sendable (RunCompletion<Value>) async -> Void
    ) async {
        while let request = await queue.next() {
            await complete(await perform(request))
        }
    }
}
