import Foundation
import PypetCore
import PypetStorage
#if canImport(Glibc)
import Glibc
#endif

/// Runs each run in a worker process (``ExecutorChoice/processes(_:)``): the running program started
/// again, which serves runs at the same ``Environment/run(_:postProcessing:runs:)`` call. A run that
/// crashes its worker, runs past its timeout or over its memory limit fails alone with the cause, and a
/// fresh worker takes the next run; ``WorkerProcesses/retries`` tries such a run again first.
///
/// Requests and completions travel as framed binary messages over pipes (the journal's encoding). Results
/// are the same as in process: a run's random stream comes from (seed, run index) wherever it runs, and
/// the environment commits in run-index order. Only an ``Environment`` drives this executor: its workers
/// serve the environment's run call of the same rank among the program's calls with worker processes.
public struct ProcessRunExecutor: SPMDRunExecutor {
    /// The settings.
    public let settings: WorkerProcesses

    /// An executor with `settings` (0 workers means one per processor).
    public init(_ settings: WorkerProcesses) {
        self.settings = settings
    }

    /// The number of worker processes.
    public var concurrency: Int { settings.workers <= 0 ? TaskPoolExecutor.availableCores : settings.workers }

    /// "N worker processes".
    public var placeDescription: String { concurrency == 1 ? "1 worker process" : "\(concurrency) worker processes" }

    /// In a worker process: serves the call it was started for (and exits), or skips another call.
    package func serve(call: Int, perform: @escaping @Sendable (RunRequest) async -> RunCompletion<ErasedValue>) async -> Bool {
        guard let marker = WorkerMarker.current else { return false }
        if marker.call == call { await WorkerServer.serve(marker, perform: perform) }
        return true
    }

    /// Starts the workers, hands each a run at a time from `queue` and passes their completions to
    /// `complete`. `perform` runs in the workers (each reaches the same call of the program); here it is
    /// not called.
    public func execute<Value: Sendable>(
        _ queue: RunQueue,
        perform: @escaping @Sendable (RunRequest) async -> RunCompletion<Value>,
        complete: @escaping @Sendable (RunCompletion<Value>) async -> Void
    ) async {
        // A worker that died leaves a closed pipe; writing to it must be an error, not a SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        let call = RunCall.number ?? RunCall.begin()
        let executable = settings.executable ?? "/proc/self/exe"
        let arguments = settings.executable == nil ? CommandLine.arguments : [executable] + CommandLine.arguments.dropFirst()
        let settings = self.settings
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<concurrency {
                let slot = WorkerSlot(executable: executable, arguments: arguments, call: call, settings: settings)
                @Sendable func serve(_ request: RunRequest) async {
                    let record = await slot.run(request)
                    await complete(RunCompletion(transported: record))
                }
                group.addTask {
                    while let request = await queue.next() { await serve(request) }
                    await slot.finish()
                }
                // A second taker while the slot's runs are short: its worker then always has the next run.
                group.addTask {
                    while await slot.gate.waitUntilOpen() {
                        guard let request = await queue.next() else { break }
                        await serve(request)
                    }
                }
            }
        }
    }
}
