import PypetCore
import PypetStorage
import Synchronization

/// An executor whose workers are copies of this program that reach the same run call and serve its runs
/// there (worker processes, MPI ranks). The environment counts the calls that use such an executor, so a
/// worker serves the call its owner is in; in a worker, the environment hands the call to ``serve(call:perform:)``.
package protocol SPMDRunExecutor: RunExecutor {
    /// In a worker: serves the runs of `call` with `perform` and returns true when the owner is done
    /// with it (or never returns). In the owner: returns false at once.
    func serve(call: Int, perform: @escaping @Sendable (RunRequest) async -> RunCompletion<ErasedValue>) async -> Bool
}

/// The run calls that use executors of this kind, counted from 1 the same way by the owner and its
/// workers; ``number`` is the one an execution serves, set by the environment around `execute`.
package enum RunCall {
    @TaskLocal package static var number: Int?

    private static let count = Mutex(0)

    /// Counts a run call and returns its number.
    package static func begin() -> Int {
        count.withLock { count in
            count += 1
            return count
        }
    }
}
