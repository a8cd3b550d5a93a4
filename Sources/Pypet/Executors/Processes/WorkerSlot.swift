import CProcess
import Dispatch
import Foundation
import PypetCore
import PypetStorage
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// One place for a worker process in the pool, with a thread of its own: starts a worker when it needs
/// one, sends it runs, replaces it when it dies, tries a run again per ``WorkerProcesses/retries``.
///
/// While runs are short the slot keeps a second run queued in its worker (see ``PipelineGate``), so the
/// worker starts it the moment it sends a completion, without waiting for the parent.
final class WorkerSlot: Sendable {
    /// Whether a second taker may hand this slot runs.
    let gate = PipelineGate()

    fileprivate struct Job {
        var request: RunRequest
        var attempts = 1
        var started = Date().timeIntervalSince1970
        let continuation: CheckedContinuation<RunRecord, Never>
    }

    private struct Shared {
        var inbox: [Job] = []
        var closing = false
    }

    private let shared = Mutex(Shared())
    private let loop: Loop
    private let wake: (read: Int32, write: Int32)
    private let done = DispatchSemaphore(value: 0)

    init(executable: String, arguments: [String], call: Int, settings: WorkerProcesses) {
        var descriptors: [Int32] = [-1, -1]
        _ = cprocess_pipe(&descriptors)
        wake = (descriptors[0], descriptors[1])
        _ = fcntl(wake.read, F_SETFL, fcntl(wake.read, F_GETFL) | O_NONBLOCK)
        loop = Loop(executable: executable, arguments: arguments, call: call, settings: settings)
        let thread = Thread { [self] in
            loop.run(slot: self)
            done.signal()
        }
        thread.name = "pypet.worker-slot"
        thread.start()
    }

    deinit {
        _ = close(wake.read)
        _ = close(wake.write)
    }

    /// Runs `request` in a worker and returns its record (a failed one when the worker died).
    func run(_ request: RunRequest) async -> RunRecord {
        await withCheckedContinuation { continuation in
            shared.withLock { $0.inbox.append(Job(request: request, continuation: continuation)) }
            wakeUp()
        }
    }

    /// Lets the worker finish the runs it was given, exit, and be reaped.
    func finish() async {
        shared.withLock { $0.closing = true }
        gate.close()
        wakeUp()
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().async {
                self.done.wait()
                continuation.resume()
            }
        }
    }

    private func wakeUp() {
        var byte: UInt8 = 1
        _ = write(wake.write, &byte, 1)
    }

    /// New jobs and whether the slot closes.
    fileprivate func take() -> (jobs: [Job], closing: Bool) {
        shared.withLock { shared in
            defer { shared.inbox.removeAll() }
            return (shared.inbox, shared.closing)
        }
    }

    fileprivate var wakeDescriptor: Int32 { wake.read }

    /// The slot's thread: everything here is touched by it alone.
    fileprivate final class Loop: @unchecked Sendable {
        let executable: String
        let arguments: [String]
        let call: Int
        let settings: WorkerProcesses
        var worker: WorkerProcess?
        var sentParameters: [String: PypetValue]?
        // The identifier of the pruning plan the worker holds (a new worker holds none).
        var sentPruning: Int?
        var queued: [Job] = []
        var inFlight: [Job] = []
        var headSince = ContinuousClock.now
        var cannotStart: WorkerDeath?
        var failedStarts = 0

        init(executable: String, arguments: [String], call: Int, settings: WorkerProcesses) {
            self.executable = executable
            self.arguments = arguments
            self.call = call
            self.settings = settings
        }

        func run(slot: WorkerSlot) {
            while true {
                let (jobs, closing) = slot.take()
                queued += jobs
                if queued.isEmpty, inFlight.isEmpty {
                    if closing { break }
                    var descriptor = pollfd(fd: slot.wakeDescriptor, events: Int16(POLLIN), revents: 0)
                    if poll(&descriptor, 1, -1) > 0 {
                        var buffer = [UInt8](repeating: 0, count: 64)
                        _ = buffer.withUnsafeMutableBytes { read(slot.wakeDescriptor, $0.baseAddress!, $0.count) }
                    }
                    continue
                }
                guard let current = ensureWorker() else { continue }
                while inFlight.count < 2, !queued.isEmpty {
                    let job = queued.removeFirst()
                    var messages: [WorkerMessage] = []
                    if sentParameters != job.request.parameters.values {
                        messages.append(.parameters(job.request.parameters.values))
                        sentParameters = job.request.parameters.values
                    }
                    if sentPruning != job.request.pruning?.id {
                        messages.append(.pruning(job.request.pruning))
                        sentPruning = job.request.pruning?.id
                    }
                    let request = job.request
                    messages.append(.run(index: request.index, seed: request.seed, usesRunSets: request.usesRunSets, explored: request.explored))
                    current.send(messages)
                    if inFlight.isEmpty { headSince = .now }
                    inFlight.append(job)
                }
                let deadline = settings.timeout.map { headSince + .seconds($0) }
                switch current.pump(until: deadline, wake: slot.wakeDescriptor) {
                case .woken:
                    continue
                case .message(.completed(let record)) where record.index == inFlight.first?.request.index:
                    let job = inFlight.removeFirst()
                    headSince = .now
                    slot.gate.note(runtime: record.finished - record.started)
                    job.continuation.resume(returning: record)
                case .message:
                    died(current.stop(.garbage))
                case .timedOut:
                    died(current.stop(.timeout(settings.timeout ?? 0)))
                case .died(let death):
                    died(death)
                }
            }
            worker?.finish()
            worker = nil
        }

        /// The current worker, or a new one; nil when none could start (the first queued run then failed).
        private func ensureWorker() -> WorkerProcess? {
            if let worker { return worker }
            if let cannotStart {
                for job in queued { fail(job, cannotStart) }
                queued.removeAll()
                return nil
            }
            do throws(WorkerDeath) {
                let started = try WorkerProcess(executable: executable, arguments: arguments, call: call, settings: settings)
                try started.waitUntilReady(timeout: settings.startupTimeout)
                worker = started
                sentParameters = nil
                sentPruning = nil
                failedStarts = 0
                return started
            } catch {
                failedStarts += 1
                // A program that cannot reach its run call in a worker will not do so next time either.
                if failedStarts >= 2 || !error.isRetryable { cannotStart = error }
                if !queued.isEmpty { fail(queued.removeFirst(), error) }
                return nil
            }
        }

        /// The worker ended while running the first run in flight: that run fails (or is tried again);
        /// runs sent after it never started and go back to the front of the queue.
        private func died(_ death: WorkerDeath) {
            worker = nil
            sentParameters = nil
            sentPruning = nil
            guard !inFlight.isEmpty else { return }
            var head = inFlight.removeFirst()
            queued.insert(contentsOf: inFlight, at: 0)
            inFlight.removeAll()
            if death.isRetryable, head.attempts <= settings.retries {
                head.attempts += 1
                queued.insert(head, at: 0)
            } else {
                fail(head, death)
            }
        }

        private func fail(_ job: Job, _ death: WorkerDeath) {
            let note = job.attempts > 1 ? " (\(job.attempts) attempts, each in a fresh worker)" : ""
            job.continuation.resume(returning: RunRecord(
                index: job.request.index, status: .failed(death.description + note), started: job.started,
                finished: Date().timeIntervalSince1970))
        }
    }
}
