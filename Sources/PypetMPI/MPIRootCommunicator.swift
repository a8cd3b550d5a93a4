import CMPI
import Foundation
import Synchronization

/// Rank 0's messenger: one thread makes every MPI call (sends, probes, receives), so MPI sees one thread
/// at a time; tasks hand it messages for a rank and wait for that rank's reply.
final class MPIRootCommunicator: @unchecked Sendable {
    private struct State {
        var outbox: [(rank: Int, payloads: [[UInt8]], tag: MPIMessageTag)] = []
        var waiting: [Int: CheckedContinuation<[UInt8]?, Never>] = [:]
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

    /// Sends `payloads` to `rank` and waits for its reply (nil when MPI failed).
    func roundTrip(_ rank: Int, _ payloads: [[UInt8]]) async -> [UInt8]? {
        await withCheckedContinuation { continuation in
            state.withLock { state in
                state.waiting[rank] = continuation
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
                return (state.outbox, state.waiting.count, state.stopping)
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
        let continuation = state.withLock { $0.waiting.removeValue(forKey: rank) }
        continuation?.resume(returning: reply)
    }
}
