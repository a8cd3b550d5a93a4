import CMPI
import Foundation
import Pypet
import PypetCore
import Synchronization

/// Rank 0's messenger: one thread makes every MPI call (sends, probes, receives), so MPI sees one thread
/// at a time; tasks hand it runs for a rank and wait for that rank's reply. A rank may have several runs
/// in flight (it answers in order), so it starts the next one without waiting for rank 0.
final class MPIRootCommunicator: @unchecked Sendable {
    private struct State {
        var outbox: [(rank: Int, payloads: [[UInt8]], tag: MPIMessageTag)] = []
        var waiting: [Int: [CheckedContinuation<[UInt8]?, Never>]] = [:]
        var waitingCount = 0
        var sentParameters: [Int: [String: PypetValue]] = [:]
        /// The identifier of the pruning plan each rank holds (none at first).
        var sentPruning: [Int: Int] = [:]
        var stopping = false
    }

    private let state = Mutex(State())
    private let wake = DispatchSemaphore(value: 0)
    private let done = DispatchSemaphore(value: 0)

    init() {
        let thread = Thread { [self] in loop() }
        thread.name = "pypet.mpi"
        thread.start()
    }

    /// Sends `request` to `rank` (with the parameters first when they changed for that rank) and waits
    /// for its reply (nil when MPI failed).
    func roundTrip(_ rank: Int, _ request: RunRequest) async -> [UInt8]? {
        let run = WorkerMessage.run(index: request.index, seed: request.seed, usesRunSets: request.usesRunSets, explored: request.explored).encoded()
        return await withCheckedContinuation { continuation in
            state.withLock { state in
                var payloads: [[UInt8]] = []
                if state.sentParameters[rank] != request.parameters.values {
                    payloads.append(WorkerMessage.parameters(request.parameters.values).encoded())
                    state.sentParameters[rank] = request.parameters.values
                }
                if state.sentPruning[rank] != request.pruning?.id {
                    payloads.append(WorkerMessage.pruning(request.pruning).encoded())
                    state.sentPruning[rank] = request.pruning?.id
                }
                payloads.append(run)
                state.waiting[rank, default: []].append(continuation)
                state.waitingCount += 1
                state.outbox.append((rank, payloads, .message))
            }
            wake.signal()
        }
    }

    /// Tells ranks 1..<size that the call is over, then stops the thread.
    func endCall(size: Int) {
        state.withLock { state in
            for rank in 1..<size { state.outbox.append((rank, [[]], .endOfCall)) }
            state.stopping = true
        }
        wake.signal()
        done.wait()
    }

    private func loop() {
        var idle = 0
        var buffer = [UInt8]()
        while true {
            let (outbox, waiting, stopping) = state.withLock { state -> ([(rank: Int, payloads: [[UInt8]], tag: MPIMessageTag)], Int, Bool) in
                defer { state.outbox.removeAll() }
                return (state.outbox, state.waitingCount, state.stopping)
            }
            for message in outbox {
                for payload in message.payloads {
                    let status = payload.withUnsafeBytes { cmpi_send($0.baseAddress, Int32($0.count), Int32(message.rank), message.tag.rawValue) }
                    if status != 0 { resume(message.rank, with: nil) }
                }
            }
            if stopping, outbox.isEmpty || waiting == 0 {
                if waiting == 0 {
                    done.signal()
                    return
                }
            }
            if waiting == 0 {
                // Nothing to wait for: sleep until a task sends something.
                if outbox.isEmpty { wake.wait() }
                continue
            }
            var source: Int32 = 0, tag: Int32 = 0, count: Int32 = 0
            let found = cmpi_iprobe_any(&source, &tag, &count)
            if found == 1 {
                idle = 0
                buffer = [UInt8](repeating: 0, count: Int(count))
                let status = buffer.withUnsafeMutableBytes { cmpi_receive($0.baseAddress, count, source, tag) }
                resume(Int(source), with: status == 0 ? buffer : nil)
            } else {
                // Spin briefly (replies to short runs come within microseconds), then back off.
                idle += 1
                if idle > 2000 { usleep(idle > 20000 ? 200 : 20) } else { sched_yield() }
            }
        }
    }

    private func resume(_ rank: Int, with reply: [UInt8]?) {
        let continuation = state.withLock { state -> CheckedContinuation<[UInt8]?, Never>? in
            guard var queue = state.waiting[rank], !queue.isEmpty else { return nil }
            let first = queue.removeFirst()
            state.waiting[rank] = queue
            state.waitingCount -= 1
            return first
        }
        continuation?.resume(returning: reply)
    }
}
