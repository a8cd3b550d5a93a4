import CMPI
import Foundation
public import Pypet
import PypetStorage
import Synchronization

/// MPI's world as this process sees it: initialized once (threads may call MPI one at a time), its rank and
/// the number of ranks. A rank other than 0 serves runs for rank 0, so ``Environment/isWorker`` is true
/// there. MPI is finalized when the process exits.
public enum MPIWorld {
    private static let state = Mutex<(rank: Int, size: Int)?>(nil)

    /// Initializes MPI (once) and returns this process's rank and the number of ranks. A program started
    /// without `mpirun` is a world of one rank.
    public static func initialize() throws(EnvironmentError) -> (rank: Int, size: Int) {
        let result = state.withLock { world -> Result<(rank: Int, size: Int), EnvironmentError> in
            if let world { return .success(world) }
            guard cmpi_is_initialized() == 0 else {
                return .success((Int(cmpi_rank()), Int(cmpi_size())))
            }
            let provided = cmpi_init()
            guard provided >= 0 else {
                return .failure(EnvironmentError(
                    code: .invalidArgument,
                    message: "MPI could not be initialized; start the program with mpirun (as root: mpirun --allow-run-as-root)"))
            }
            guard provided >= cmpi_thread_serialized() else {
                return .failure(EnvironmentError(
                    code: .invalidArgument, message: "this MPI library does not allow calls from more than one thread (MPI_THREAD_SERIALIZED)"))
            }
            let created = (rank: Int(cmpi_rank()), size: Int(cmpi_size()))
            world = created
            atexit {
                guard cmpi_is_initialized() != 0, cmpi_is_finalized() == 0 else { return }
                // Rank 0 is done: the other ranks may still wait in a run call rank 0 never made (it found
                // the search finished, or failed before its run call); tell them to end.
                if cmpi_rank() == 0 {
                    for rank in 1..<max(1, cmpi_size()) { _ = cmpi_send(nil, 0, rank, MPIMessageTag.shutdown.rawValue) }
                }
                _ = cmpi_finalize()
            }
            return .success(created)
        }
        let world = try result.get()
        if world.rank != 0 { ProcessRole.markAsWorker() }
        return world
    }

    /// This process's rank (0 before ``initialize()``).
    public static var rank: Int { state.withLock { $0?.rank ?? 0 } }

    /// The number of ranks (1 before ``initialize()``).
    public static var size: Int { state.withLock { $0?.size ?? 1 } }
}
