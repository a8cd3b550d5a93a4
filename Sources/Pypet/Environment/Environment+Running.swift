import Foundation
import Logging
public import PypetCore
import PypetStorage
import Synchronization

extension Environment {
    /// Runs `job` for every explored point whose run has not completed yet, then post-processing (which
    /// may expand the trajectory and so start more runs). Returns each run's value (or failure message),
    /// sorted by run index, for the runs this call executed.
    ///
    /// Each finished run is committed to the journal before it counts as complete; the file is merged
    /// at the end. A throwing job marks its run failed (see ``EnvironmentOptions/failurePolicy``).
    /// On SIGINT (with ``EnvironmentOptions/gracefulExit``) or ``requestStop()`` the active runs finish
    /// and are committed, and the call throws ``EnvironmentError/Code/interrupted``.
    ///
    /// `runs` limits the first batch to these run indices (not completed ones; others are ignored), for
    /// drivers that know which runs they still need, such as an optimizer resuming a generation.
    @discardableResult
    public func run<Value: Sendable>(
        _ job: @escaping @Sendable (RunContext) async throws -> Value,
        postProcessing: PostProcessing<Value>? = nil, runs: [Int]? = nil
    ) async throws(EnvironmentError) -> [RunOutcome<Value>] {
        try await execute(job: job, postProcessing: postProcessing, only: runs)
    }

    /// Runs `job` with extra `arguments` passed to every run (pypet's `env.run(f, *args)`).
    @discardableResult
    public func run<Arguments: Sendable, Value: Sendable>(
        _ job: @escaping @Sendable (RunContext, Arguments) async throws -> Value, arguments: Arguments,
        postProcessing: PostProcessing<Value>? = nil
    ) async throws(EnvironmentError) -> [RunOutcome<Value>] {
        try await execute(job: { context in try await job(context, arguments) }, postProcessing: postProcessing)
    }

    /// pypet's `run_map`: the i-th run to execute (in run-index order) gets `arguments[i]`. There must be
    /// exactly one argument per run to execute.
    @discardableResult
    public func runMap<Argument: Sendable, Value: Sendable>(
        _ job: @escaping @Sendable (RunContext, Argument) async throws -> Value, arguments: [Argument]
    ) async throws(EnvironmentError) -> [RunOutcome<Value>] {
        let pending = try pendingRuns()
        guard pending.count == arguments.count else {
            throw EnvironmentError(
                code: .invalidArgument, message: "run_map got \(arguments.count) arguments for \(pending.count) runs to execute", file: file)
        }
        let byRun = Dictionary(uniqueKeysWithValues: zip(pending, arguments))
        return try await execute(
            job: { context in
                guard let argument = byRun[context.index] else {
                    throw EnvironmentError(code: .invalidArgument, message: "no map argument for run \(context.index)", run: context.index)
                }
                return try await job(context, argument)
            }, postProcessing: nil)
    }

    /// pypet's `env.pipeline`: `build` fills the trajectory and returns the job and post-processing.
    @discardableResult
    public func pipeline<Value: Sendable>(
        _ build: (Trajectory) throws -> Pipeline<Value>
    ) async throws(EnvironmentError) -> [RunOutcome<Value>] {
        let pipeline: Pipeline<Value>
        do {
            pipeline = try build(trajectory)
        } catch {
            throw EnvironmentError.wrapping(error, file: file)
        }
        return try await run(pipeline.job, postProcessing: pipeline.postProcessing)
    }

    /// The indices of runs that have not completed.
    func pendingRuns() throws(EnvironmentError) -> [Int] {
        do {
            return try (0..<trajectory.length).filter { index throws(TrajectoryError) in try !trajectory.isCompleted(index) }
        } catch {
            throw EnvironmentError.wrapping(error, file: file)
        }
    }

    // MARK: The loop

    private func execute<Value: Sendable>(
        job: @escaping @Sendable (RunContext) async throws -> Value, postProcessing: PostProcessing<Value>?,
        only: [Int]? = nil
    ) async throws(EnvironmentError) -> [RunOutcome<Value>] {
        let clock = ContinuousClock()
        let started = clock.now
        let callStarted = Date().timeIntervalSince1970
        let recordsValues = options.recordsReturnValues
        var call: Int?
        if let spmd = executor as? any SPMDRunExecutor {
            guard TransportedValue.canCarry(Value.self) else {
                throw EnvironmentError(
                    code: .invalidArgument,
                    message: "with worker processes or MPI ranks a job must return nothing or a storable value (a PypetValueConvertible such as a number, string, array or fitness), so it can travel back from its worker; this job returns \(Value.self)",
                    file: file)
            }
            let number = RunCall.begin()
            call = number
            // A worker serves the run call its owner is in; it returns no outcomes.
            if await spmd.serve(call: number, perform: Self.makePerform(job: job, recordsValues: true)) { return [] }
        }
        // A worker reaching a call with an in-process executor leaves it to its owner.
        if Self.isWorker { return [] }
        do {
            try trajectory.checkPresets()
        } catch {
            throw EnvironmentError.wrapping(error, file: file)
        }
        let store = try openStore()
        logger.debug("stored the trajectory and opened the journal in \(Self.since(started)) s")
        let usesRunSets: Bool = switch options.runGrouping {
        case .runs: false
        case .runSets: true
        case .automatic: trajectory.length > 1000
        }
        let loop = RunLoop(environment: self, store: store, usesRunSets: usesRunSets)
        var pending = try pendingRuns()
        if let only {
            let wanted = Set(only)
            pending = pending.filter(wanted.contains)
        }
        // The first batch starts at the first run asked for; without `runs`, at run 0 (the trajectory's
        // first exploration), so that a resumed sweep compares its runs as the interrupted one did.
        let batchStart = only?.min() ?? 0
        logger.info("starting \(pending.count) of the \(trajectory.length) runs explored so far in '\(trajectory.name)' on \(executor.placeDescription)\(postProcessing == nil ? "" : " (post-processing may add more)")\(file.map { ", storing to \($0)" } ?? "")")

        stopSignal.attach(loop.queue) { [inbox = loop.inbox] in inbox.post(.stopped, isCompletion: false) }
        let logger = self.logger
        let interrupts = options.gracefulExit ? InterruptHandler(onFirst: { [stopSignal] in
            logger.warning("SIGINT: finishing the active runs and starting no new ones; press Ctrl-C again to stop at once (committed runs are kept)")
            stopSignal.fire()
        }) : nil
        defer {
            interrupts?.remove()
            stopSignal.detach()
        }

        let inbox = loop.inbox
        let perform = Self.makePerform(job: job, recordsValues: recordsValues)
        // The failure policy acts as the worker hands a failed run on, so no further run starts.
        let failureLimit: Int? = if case .stopAfter(let limit) = options.failurePolicy { limit } else { nil }
        let failureCount = Mutex(0)
        let runQueue = loop.queue
        let complete: @Sendable (RunCompletion<ErasedValue>) async -> Void = { completion in
            var completion = completion
            // A worker process always sends the value back; the file keeps it only when asked to.
            if !recordsValues { completion.record.value = nil }
            if let failureLimit, completion.failure != nil {
                let count = failureCount.withLock { count -> Int in
                    count += 1
                    return count
                }
                if count >= failureLimit { runQueue.stop() }
            }
            // The run loop commits what it takes from the inbox, a batch per journal write, before the
            // runs count as completed; the worker goes on with the next run meanwhile.
            inbox.post(.completed(completion), isCompletion: true)
        }
        let executor = self.executor
        let queue = loop.queue
        async let execution: Void = RunCall.$number.withValue(call) {
            await executor.execute(queue, perform: perform, complete: complete)
        }
        // The time budget stops new runs like a stop request; the error says which it was.
        let budgetSpent = SharedFlag()
        let budget = options.timeBudget.map { seconds in
            Task { [stopSignal, logger] in
                try? await Task.sleep(for: .seconds(seconds))
                guard !Task.isCancelled else { return }
                budgetSpent.set()
                logger.warning("the time budget of \(seconds) s is spent: finishing the active runs and starting no new ones")
                stopSignal.fire()
            }
        }
        defer { budget?.cancel() }
        // Wakes the loop now and then for progress and stop requests while it waits for a batch.
        let ticker = Task { [inbox] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(100))
                inbox.poke()
            }
        }
        defer { ticker.cancel() }

        var failure: EnvironmentError?
        do throws(EnvironmentError) {
            if stopSignal.fired { loop.stop(.interrupted) }
            try loop.submit(pending, batchStart: batchStart)
            try await postProcess(loop, postProcessing)
            try await loop.drain()
        } catch {
            failure = error
            loop.stop(error.code)
            try? await loop.drain()
        }
        queue.finish()
        await execution
        ticker.cancel()
        loop.finishProgress()
        logger.debug("runs and post-processing done after \(Self.since(started)) s")

        // The call's record (when, how it ended) goes into the file with the final merge.
        let prunedNote = loop.prunedCount > 0 ? ", \(loop.prunedCount) of them pruned" : ""
        let outcome: String = if let failure { "stopped: \(failure.message)" }
            else if let reason = loop.stopReason { "stopped (\(reason)) after \(loop.completedCount) completed runs, \(loop.failures) failed" }
            else { "finished: \(loop.completedCount) runs completed\(prunedNote), \(loop.failures) failed" }
        recordCall(started: callStarted, outcome: outcome)
        // Seal and merge what completed, even after a failure: committed runs are never lost.
        if let store, let file {
            do {
                try await store.close()
                logger.debug("last part sealed after \(Self.since(started)) s")
                try RunStore.finish(path: file, trajectory: trajectory, options: options.storage, durability: options.durability)
                logger.debug("file merged after \(Self.since(started)) s")
                if !options.keepRunResults { dropRunData() }
            } catch {
                if failure == nil { failure = EnvironmentError.wrapping(error, file: file, completed: loop.completedCount) }
            }
        }
        let seconds = (clock.now - started) / .seconds(1)
        let completed = loop.completedCount
        logger.info("finished \(completed) runs (\(loop.prunedCount > 0 ? "\(loop.prunedCount) pruned, " : "")\(loop.failures) failed) in \(String(format: "%.3f", seconds)) s\(file.map { "; file: \($0)" } ?? "")")

        if var failure {
            failure.completedRuns = completed
            throw failure
        }
        if let error = loop.storageError {
            throw EnvironmentError(code: .storage, message: error.message, file: file, completedRuns: completed, underlying: error)
        }
        switch loop.stopReason {
        case .some(.tooManyFailures):
            throw EnvironmentError(code: .tooManyFailures, message: "\(loop.failures) runs failed", file: file, completedRuns: completed)
        case .some(let code):
            let spent = code == .interrupted && budgetSpent.isSet
            throw EnvironmentError(
                code: spent ? .timeBudgetExhausted : code,
                message: (spent ? "the time budget of \(options.timeBudget ?? 0) s ran out; " : "stopped before all runs were done; ")
                    + "\(completed) completed runs are in the file", file: file,
                completedRuns: completed)
        case nil:
            return loop.sortedOutcomes.map { $0.unerased(as: Value.self) }
        }
    }

    private func postProcess<Value: Sendable>(_ loop: RunLoop, _ postProcessing: PostProcessing<Value>?) async throws(EnvironmentError) {
        guard let postProcessing else { return }
        while loop.stopReason == nil {
            let before = loop.scheduledLength
            let additions: [String: [PypetValue]]?
            do {
                switch postProcessing {
                case .afterRuns(let body):
                    try await loop.drain()
                    if loop.stopReason != nil { return }
                    additions = try await body(trajectory, loop.sortedOutcomes.map { $0.unerased(as: Value.self) })
                case .immediate(let body):
                    try await loop.waitUntilDrained()
                    if loop.stopReason != nil { return }
                    additions = try await body(trajectory, RunCompletions(loop: loop))
                }
            } catch let error as EnvironmentError {
                throw error
            } catch {
                throw EnvironmentError(code: .postProcessing, message: Self.describe(error), file: file, underlying: error)
            }
            if let additions, !additions.isEmpty { try loop.expand(additions) }
            try await loop.syncExpansions()
            if loop.scheduledLength == before { return }
            logger.debug("post-processing added \(loop.scheduledLength - before) runs (\(loop.scheduledLength) explored)")
        }
    }

    private func openStore() throws(EnvironmentError) -> RunStore? {
        guard let file else { return nil }
        do {
            let directory = (file as NSString).deletingLastPathComponent
            if !directory.isEmpty { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
            // Writes the trajectory as it is now (and merges what an interrupted earlier run left behind).
            try RunStore.finish(path: file, trajectory: trajectory, options: options.storage, durability: options.durability)
            if !options.keepRunResults { dropRunData() }
            return try RunStore(
                path: file, trajectoryName: trajectory.name, length: trajectory.length, durability: options.durability,
                checkpointRuns: options.checkpointRuns, checkpointSeconds: options.checkpointSeconds)
        } catch {
            throw EnvironmentError.wrapping(error, file: file)
        }
    }

    /// Removes the run groups from the in-memory trajectory (they are in the file).
    func dropRunData() {
        for branch in [trajectory.results, trajectory.derivedParameters] {
            if let runs = branch.directChild("runs") as? GroupNode {
                for child in runs.children where NodeName.isRunName(child.name) { try? runs.removeChild(child.name, recursive: true) }
            }
            for child in branch.children where child.name.hasPrefix("run_set_") { try? branch.removeChild(child.name, recursive: true) }
        }
    }

    /// What executes one run: the job on a fresh context, its record with the results it added (and its
    /// value when `recordsValues`), or a failed record when it threw. Values travel type-erased through the
    /// executor and the run loop (see ErasedValue).
    package static func makePerform<Value: Sendable>(
        job: @escaping @Sendable (RunContext) async throws -> Value, recordsValues: Bool
    ) -> @Sendable (RunRequest) async -> RunCompletion<ErasedValue> {
        { request in
            let context = RunContext(request)
            let begin = Date().timeIntervalSince1970
            do {
                let value = try await job(context)
                var record = context.record(status: .completed, started: begin, finished: Date().timeIntervalSince1970)
                if recordsValues, let convertible = value as? any PypetValueConvertible { record.value = convertible.pypetValue }
                return RunCompletion(record: record, value: ErasedValue(base: value))
            } catch {
                var failed = context.record(status: .failed(Self.describe(error)), started: begin, finished: Date().timeIntervalSince1970)
                failed.leaves = []
                return RunCompletion(record: failed, value: nil)
            }
        }
    }

    static func since(_ start: ContinuousClock.Instant) -> String {
        String(format: "%.4f", (ContinuousClock.now - start) / .seconds(1))
    }

    static func describe(_ error: any Error) -> String {
        String(describing: error)
    }
}
