import PypetCore
import PypetStorage

/// An executor whose workers are copies of this program that reach the same run call and serve its runs
/// there (worker processes, MPI ranks). The environment counts the calls that use such an executor, so a
/// worker serves the call its owner is in; in a worker, the environment hands the call to ``serve(call:perform:)``.
package protocol SPMDRunExecutor: RunExecutor {
    /// Counts a run call of this kind; the owner and its workers count the same calls.
    func beginCall() -> Int

    /// In a worker: serves the runs of `call` with `perform` and returns true when the owner is done
    /// with it (or never returns). In the owner: returns false at once.
    func serve(call: Int, perform: @escaping @Sendable (RunRequest) async -> RunCompletion<ErasedValue>) async -> Bool
}

/// The run call an execution serves, set by the environment around `execute` (counted from 1).
package enum RunCall {
    @TaskLocal package static var number: Int?
}
