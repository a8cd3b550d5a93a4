import Foundation
import Logging
import PypetCore
import PypetStorage

/// One call of ``Environment/run(_:postProcessing:)``: submits runs to the executor, absorbs completions
/// (in the calling task, which owns the trajectory), reports progress, and drives post-processing.
///
/// Not generic: job values travel type-erased (``ErasedValue``), so this per-run code is compiled for one
/// concrete type.
final class RunLoop {
    typealias Value = ErasedValue

    enum Event: Sendable {
        case completed(RunCompletion<Value>)
        case commitFailed(RunCompletion<Value>, StorageError)
        case drained
        case stopped
    }

    let environment: Environment
    let trajectory: Trajectory
    let queue: RunQueue
    let store: RunStore?
    let usesRunSets: Bool
    let inbox = EventInbox<Event>()
    private var pending: [Event] = []
    private var pendingPosition = 0
    private var snapshot: ParameterSnapshot
    private var snapshotParameterCount = -1
    private(set) var scheduledLength: Int
    private(set) var submitted = 0
    private(set) var absorbed = 0
    private(set) var failures = 0
    private var total = 0
    private var done = 0
    /// Outcomes by run index (nil: not run by this call).
    private(set) var outcomes: [RunOutcome<Value>?] = []
    private(set) var completedCount = 0
    private var buffer: [RunCompletion<Value>] = []
    private(set) var stopReason: EnvironmentError.Code?
    private var commitError: StorageError?
    private let progress: ProgressReporter
    /// The plan asynchronous-mode requests read (nil without pruning or in synchronous mode).
    private let pruningBoard: PruningBoard?
    private(set) var prunedCount = 0

    init(environment: Environment, store: RunStore?, usesRunSets: Bool) {
        self.environment = environment
        trajectory = environment.trajectory
        self.store = store
        self.usesRunSets = usesRunSets
        let inbox = inbox
        queue = RunQueue(onDrained: { inbox.post(.drained, isCompletion: false) })
        snapshot = ParameterSnapshot(environment.trajectory)
        scheduledLength = environment.trajectory.length
        progress = ProgressReporter(style: environment.options.progress, logger: environment.logger, detail: environment.progressDetailSource)
        pruningBoard = environment.options.pruning?.mode == .asynchronous ? PruningBoard() : nil
        if let pruning = environment.options.pruning {
            environment.loadStoredCurves()
            pruningBoard?.replace(PruningPlan(id: PruningBoard.nextID(), pruning: pruning, reference: Self.sorted(environment.learningCurves)))
        }
    }

    private static func sorted(_ curves: [Int: LearningCurve]) -> [LearningCurve] {
        curves.values.sorted { $0.run < $1.run }
    }

    /// Where the requests of a batch starting at `batchStart` take their pruning plan from: in synchronous
    /// mode a plan fixed now, holding the runs before `batchStart`; in asynchronous mode the live board.
    private func pruningSource(batchStart: Int) -> (@Sendable () -> PruningPlan?)? {
        guard let pruning = environment.options.pruning else { return nil }
        if let board = pruningBoard { return { board.plan } }
        let reference = Self.sorted(environment.learningCurves.filter { $0.key < batchStart })
        let plan = PruningPlan(id: PruningBoard.nextID(), pruning: pruning, reference: reference)
        return { plan }
    }

    var outstanding: Int { submitted - absorbed }

    /// The most completions the loop waits for before it wakes: it then commits them (one journal write)
    /// while the workers go on, and the inbox's buffer stays small enough to be reused (a batch of every
    /// outstanding run could reach tens of megabytes, freshly allocated and page-faulted each time).
    static let batchLimit = 1024

    // MARK: Submitting

    /// Submits runs for `indices` (not completed ones of the current length); `batchStart` is the first run
    /// of the batch they belong to (what synchronous pruning compares them with comes before it).
    func submit(_ indices: [Int], batchStart: Int) throws(EnvironmentError) {
        guard !indices.isEmpty else { return }
        // The snapshot is taken again only when parameters were added (post-processing may add derived
        // parameters); an expansion changes explored values, which travel with each request.
        let parameterCount = trajectory.parameters.leaves().count + trajectory.config.leaves().count
            + trajectory.derivedParameters.leaves().count
        if parameterCount != snapshotParameterCount {
            snapshot = ParameterSnapshot(trajectory)
            snapshotParameterCount = parameterCount
        }
        let explored: [(name: String, range: [PypetValue])]
        do {
            explored = try trajectory.exploredParameterNames.map { name throws(TrajectoryError) in (name, try trajectory.parameter(name).range) }
        } catch {
            throw EnvironmentError.wrapping(error, file: environment.file)
        }
        // The workers make each run's request when they take it.
        var batch = RunBatch(indices: indices, explored: explored, parameters: snapshot, seed: environment.options.seed, usesRunSets: usesRunSets)
        batch.pruning = pruningSource(batchStart: batchStart)
        // Outcome slots for the new runs, made once per batch rather than per completion.
        if let last = indices.max(), last >= outcomes.count {
            outcomes.append(contentsOf: repeatElement(nil, count: last + 1 - outcomes.count))
        }
        guard queue.submit(batch) else { return }
        submitted += indices.count
        total += indices.count
    }

    /// Submits the runs of points added to the trajectory since the last call.
    func syncExpansions() async throws(EnvironmentError) {
        let length = trajectory.length
        guard length > scheduledLength else { return }
        let added = Array(scheduledLength..<length)
        if let store {
            // The expansion is committed before its runs start: after a crash, recovery expands the
            // stored trajectory again and no completed run of the expansion is lost.
            var points: [String: [PypetValue]] = [:]
            do {
                for name in trajectory.exploredParameterNames {
                    points[name] = Array(try trajectory.parameter(name).range[scheduledLength..<length])
                }
                try await store.commit(RunRecord.expansion(start: scheduledLength, points: points, at: Date().timeIntervalSince1970))
            } catch let error as StorageError {
                throw EnvironmentError(code: .storage, message: error.message, file: environment.file, underlying: error)
            } catch {
                throw EnvironmentError.wrapping(error, file: environment.file)
            }
            await store.setLength(length)
        }
        scheduledLength = length
        if stopReason == nil { try submit(added, batchStart: added.first ?? length) }
    }

    func checkpoint() async throws(EnvironmentError) {
        guard let store else { return }
        do {
            try await store.checkpoint()
        } catch {
            throw EnvironmentError(code: .storage, message: error.message, file: environment.file, underlying: error)
        }
    }

    func commitTrajectoryLeaves(_ leaves: [RunRecord.Leaf]) async throws(EnvironmentError) {
        guard let store else {
            do {
                for leaf in leaves { try leaf.add(to: trajectory) }
            } catch {
                throw EnvironmentError.wrapping(error, file: environment.file)
            }
            return
        }
        do {
            try await store.commit(RunRecord.trajectoryLeaves(leaves, at: Date().timeIntervalSince1970))
        } catch {
            throw EnvironmentError(code: .storage, message: error.message, file: environment.file, underlying: error)
        }
    }

    func expand(_ points: [String: [PypetValue]]) throws(EnvironmentError) {
        do {
            try trajectory.expand(points)
        } catch {
            throw EnvironmentError.wrapping(error, file: environment.file)
        }
    }

    // MARK: Completions

    /// Commits the finished runs of the events just taken with one journal write (group commit), before
    /// any of them counts as completed; when the commit fails, they become commit failures.
    private func commitTaken() async {
        guard let store else { return }
        var records: [RunRecord] = []
        for event in pending {
            if case .completed(let completion) = event { records.append(completion.record) }
        }
        guard !records.isEmpty else { return }
        do throws(StorageError) {
            try await store.commit(records)
        } catch {
            pending = pending.map { event in
                if case .completed(let completion) = event { return .commitFailed(completion, error) }
                return event
            }
        }
    }

    /// Handles the next event, waiting (for up to `batch` completions at once) when none is pending;
    /// returns the completion it absorbed, if any.
    private func step(batch: Int = 1) async throws(EnvironmentError) -> RunCompletion<Value>? {
        if pendingPosition >= pending.count {
            // The events handled last time give their storage back for the next batch.
            var spare: [Event] = []
            swap(&spare, &pending)
            pending = await inbox.take(waitingFor: batch, recycling: spare)
            pendingPosition = 0
            guard !pending.isEmpty else { return nil }
            await commitTaken()
        }
        let event = pending[pendingPosition]
        pendingPosition += 1
        switch event {
        case .completed(let completion):
            try absorb(completion)
            return completion
        case .commitFailed(let completion, let error):
            absorbed += 1
            if commitError == nil {
                commitError = error
                environment.logger.error("committing run \(completion.index) failed: \(error.message); starting no new runs")
                stop(.storage)
            }
            return nil
        case .drained:
            return nil
        case .stopped:
            if stopReason == nil { stop(.interrupted) }
            return nil
        }
    }

    private func absorb(_ completion: RunCompletion<Value>) throws(EnvironmentError) {
        absorbed += 1
        done += 1
        let record = completion.record
        do {
            if environment.options.keepRunResults {
                for leaf in record.leaves { try leaf.add(to: trajectory) }
            } else {
                // Shared tables belong to the trajectory, not to the run: they stay in memory.
                for leaf in record.leaves where leaf.kind == .sharedRows { try leaf.add(to: trajectory) }
            }
            try trajectory.markRunStarted(record.index, at: record.started)
            switch record.status {
            case .completed:
                try trajectory.markRunCompleted(record.index, at: record.finished)
                let pruned = record.prunedStep
                if let pruned {
                    try trajectory.markRunPruned(record.index, atStep: pruned)
                    prunedCount += 1
                }
                setOutcome(RunOutcome(index: record.index, value: completion.value, prunedAtStep: pruned))
                completedCount += 1
                if let pruning = environment.options.pruning { keepCurve(of: record, pruning) }
            case .failed(let message):
                try trajectory.markRunFailed(record.index, message: message, at: record.finished)
                setOutcome(RunOutcome(index: record.index, value: nil, failure: message))
                failures += 1
                environment.logger.error("run \(record.index) failed: \(message)")
                if case .stopAfter(let limit) = environment.options.failurePolicy, failures >= limit, stopReason == nil {
                    environment.logger.error("\(failures) runs failed; starting no new runs (failure policy)")
                    stop(.tooManyFailures)
                }
            }
        } catch {
            throw EnvironmentError.wrapping(error, file: environment.file)
        }
        progress.update(done: done, total: total, failed: failures)
    }

    /// Keeps the run's learning curve for the pruner (and publishes it to asynchronous-mode runs).
    private func keepCurve(of record: RunRecord, _ pruning: Pruning) {
        for leaf in record.leaves where leaf.kind == .result && leaf.fullName.hasSuffix("." + RunRecord.learningCurveName) {
            guard let curve = LearningCurve(run: record.index, items: leaf.items.map { ($0.name, $0.value) }) else { continue }
            environment.learningCurves[record.index] = curve
            pruningBoard?.replace(PruningPlan(id: PruningBoard.nextID(), pruning: pruning, reference: Self.sorted(environment.learningCurves)))
        }
    }

    /// Starts no new runs; what waits is dropped.
    func stop(_ reason: EnvironmentError.Code) {
        stopReason = reason
        queue.stop()
        let notStarted = submitted - queue.handedOutCount
        submitted -= max(0, notStarted)
        total -= max(0, notStarted)
    }

    /// Waits until every submitted run was absorbed.
    func drain() async throws(EnvironmentError) {
        while outstanding > 0 {
            if environment.stopSignal.fired, stopReason == nil { stop(.interrupted) }
            // One wake-up per batch of completions (the progress timer pokes in between).
            _ = try await step(batch: min(outstanding, Self.batchLimit))
        }
    }

    /// Waits until no run waits to be started (or none is left), keeping completions for post-processing.
    func waitUntilDrained() async throws(EnvironmentError) {
        while outstanding > 0, queue.waitingCount > 0 {
            if let completion = try await step(batch: min(outstanding, Self.batchLimit)) { buffer.append(completion) }
        }
    }

    /// The next completion for immediate post-processing: first those that arrived before it started.
    func nextForPostProcessing() async throws(EnvironmentError) -> RunCompletion<Value>? {
        try await syncExpansions()
        if !buffer.isEmpty { return buffer.removeFirst() }
        while outstanding > 0 {
            if environment.stopSignal.fired, stopReason == nil { stop(.interrupted) }
            if let completion = try await step() { return completion }
            try await syncExpansions()
        }
        return nil
    }

    func finishProgress() {
        progress.update(done: done, total: total, failed: failures, force: true)
        progress.finish()
    }

    private func setOutcome(_ outcome: RunOutcome<Value>) {
        if outcome.index >= outcomes.count { outcomes.append(contentsOf: repeatElement(nil, count: outcome.index + 1 - outcomes.count)) }
        outcomes[outcome.index] = outcome
    }

    /// The outcomes of this call, in run-index order.
    var sortedOutcomes: [RunOutcome<Value>] { outcomes.compactMap { $0 } }

    var storageError: StorageError? { commitError }
}
