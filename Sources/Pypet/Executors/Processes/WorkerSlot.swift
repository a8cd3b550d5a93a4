import Dispatch
import Foundation
import PypetCore
import PypetStorage

/// One place for a worker process in the pool: starts a worker when it needs one, sends it runs, replaces
/// it when it dies, tries a run again per ``WorkerProcesses/retries``. The blocking pipe work happens on
/// the slot's own dispatch queue, never on the tasks' cooperative threads.
final class WorkerSlot: @unchecked Sendable {
    // Everything below is touched only on `queue`.
    private let queue = DispatchQueue(label: "pypet.worker-slot")
    private let executable: String
    private let arguments: [String]
    private let call: Int
    private let settings: WorkerProcesses
    private var worker: WorkerProcess?
    private var sentParameters: [String: PypetValue]?
    /// Set when workers cannot start (the program fails before its run call): every run fails with it.
    private var cannotStart: WorkerDeath?
    private var failedStarts = 0

    init(executable: String, arguments: [String], call: Int, settings: WorkerProcesses) {
        self.executable = executable
        self.arguments = arguments
        self.call = call
        self.settings = settings
    }

    /// Runs `request` in a worker and returns its record (a failed one when the worker died).
    func run(_ request: RunRequest) async -> RunRecord {
        await withCheckedContinuation { continuation in
            queue.async {
                continuation.resume(returning: self.runBlocking(request))
            }
        }
    }

    /// Lets the worker exit and reaps it.
    func finish() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            queue.async {
                self.worker?.finish()
                self.worker = nil
                continuation.resume()
            }
        }
    }

    private func runBlocking(_ request: RunRequest) -> RunRecord {
        let started = Date().timeIntervalSince1970
        var attempts = 1
        while true {
            let outcome = attempt(request)
            switch outcome {
            case .success(let record):
                return record
            case .failure(let death):
                guard death.isRetryable, attempts <= settings.retries else {
                    let note = attempts > 1 ? " (\(attempts) attempts, each in a fresh worker)" : ""
                    return RunRecord(index: request.index, status: .failed(death.description + note), started: started, finished: Date().timeIntervalSince1970)
                }
                attempts += 1
            }
        }
    }

    /// One try of `request` in the current (or a new) worker.
    private func attempt(_ request: RunRequest) -> Result<RunRecord, WorkerDeath> {
        if let cannotStart { return .failure(cannotStart) }
        let current: WorkerProcess
        if let worker {
            current = worker
        } else {
            do throws(WorkerDeath) {
                current = try WorkerProcess(executable: executable, arguments: arguments, call: call, settings: settings)
                try current.waitUntilReady(timeout: settings.startupTimeout)
                worker = current
                sentParameters = nil
                failedStarts = 0
            } catch {
                failedStarts += 1
                // A program that cannot reach its run call in a worker will not do so next time either.
                if failedStarts >= 2 || !error.isRetryable { cannotStart = error }
                return .failure(error)
            }
        }
        var messages: [WorkerMessage] = []
        if sentParameters != request.parameters.values {
            messages.append(.parameters(request.parameters.values))
            sentParameters = request.parameters.values
        }
        messages.append(.run(index: request.index, seed: request.seed, usesRunSets: request.usesRunSets, explored: request.explored))
        switch current.exchange(messages, timeout: settings.timeout) {
        case .success(.completed(let record)) where record.index == request.index:
            return .success(record)
        case .success:
            worker = nil
            return .failure(current.stop(.garbage))
        case .failure(let death):
            worker = nil
            return .failure(death)
        }
    }
}
