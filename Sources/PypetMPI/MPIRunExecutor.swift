import CMPI
import Foundation
public import Pypet
import PypetCore
import PypetStorage

/// Runs on MPI ranks (``ExecutorChoice/mpi()``): rank 0 owns the environment, its file and the optimizer
/// and hands each run to a free rank among 1..<N; the other ranks run the same program up to the same run
/// call and serve runs there, as worker processes do (see the DocC article "Scaling out" of `Pypet`).
/// Results equal the in-process executors' bit for bit. One rank (no `mpirun`) runs everything itself.
///
/// A rank that dies ends the MPI job (as MPI does); the journal keeps every committed run, so running the
/// program again with resume on continues it.
public struct MPIRunExecutor: SPMDRunExecutor {
    /// This process's rank.
    public let rank: Int
    /// The number of ranks.
    public let size: Int

    /// The executor for this process's rank in a world of `size` ranks.
    public init(rank: Int, size: Int) {
        self.rank = rank
        self.size = size
    }

    /// Ranks evaluating runs: N-1, or 1 when alone.
    public var concurrency: Int { max(1, size - 1) }

    /// "N MPI ranks" (evaluating), or "1 MPI rank (alone)".
    public var placeDescription: String { size <= 1 ? "1 MPI rank (alone)" : "\(size - 1) evaluating MPI ranks" }

    /// Runs handed to one rank before it answers the first.
    static let runsInFlight = 4

    package func serve(call: Int, perform: @escaping @Sendable (RunRequest) async -> RunCompletion<ErasedValue>) async -> Bool {
        guard rank != 0 else { return false }
        await MPIServer.serve(perform)
        return true
    }

    public func execute<Value: Sendable>(
        _ queue: RunQueue,
        perform: @escaping @Sendable (RunRequest) async -> RunCompletion<Value>,
        complete: @escaping @Sendable (RunCompletion<Value>) async -> Void
    ) async {
        guard size > 1 else {
            while let request = await queue.next() { await complete(await perform(request)) }
            return
        }
        let communicator = MPIRootCommunicator()
        await withTaskGroup(of: Void.self) { group in
            // Up to ``runsInFlight`` runs per rank while its runs are short: it starts the next as soon as it
            // sends a completion. The first taker of a rank always runs; the others wait for its gate.
            for worker in 1..<size {
                let gate = PipelineGate()
                @Sendable func serve(_ request: RunRequest) async {
                    let started = Date.now.timeIntervalSince1970
                    let reply = await communicator.roundTrip(worker, request)
                    if let reply, case .completed(let record) = WorkerMessage.decode(reply), record.index == request.index {
                        gate.note(runtime: record.finished - record.started)
                        await complete(RunCompletion(transported: record))
                    } else {
                        let message = reply == nil ? "MPI could not exchange the run with rank \(worker)" : "rank \(worker) sent a malformed message"
                        await complete(RunCompletion(
                            record: RunRecord(index: request.index, status: .failed(message), started: started, finished: Date.now.timeIntervalSince1970),
                            value: nil))
                    }
                }
                group.addTask {
                    while let request = await queue.next() { await serve(request) }
                    gate.close()
                }
                for _ in 1..<Self.runsInFlight {
                    group.addTask {
                        while await gate.waitUntilOpen() {
                            guard let request = await queue.next() else { break }
                            await serve(request)
                        }
                    }
                }
            }
        }
        communicator.endCall(size: size)
    }
}
