import Foundation
import Pypet
import PypetAlgorithms
import PypetTestSupport
import Testing

private let rateProblem = try? Problem(space: ParameterSpace([.logarithmic("rate", lower: 0.01, upper: 0.45)]), objectives: [.minimize("loss")])

/// One step of a "training": gradient descent on x² from the parent's x (a fresh member starts at a
/// random x in 4...5), three iterations with the member's rate. The state is x.
private func descent(_ x: Double, rate: Double) -> Double {
    var x = x
    for _ in 0..<3 { x -= rate * 2 * x }
    return x
}

private func training(_ checkpoints: TrainingCheckpoints, saves: Bool = true) -> @Sendable (RunContext) async throws -> Fitness {
    { run in
        let rate = try run.value("rate", as: Double.self)
        let start = try checkpoints.parentState(of: run)?.first ?? 4 + (try run.random).uniform()
        let x = descent(start, rate: rate)
        if saves { try checkpoints.save([x], run: run) }
        return Fitness(x * x)
    }
}

@discardableResult
private func pbtSearch(
    _ directory: TemporaryDirectory, file: String, cores: Int = 1, generations: Int = 5, stopAfterRuns: Int? = nil, saves: Bool = true
) async throws -> Optimization<PopulationBasedTraining> {
    var options = optimizerOptions(directory, cores: cores)
    options.resume = true
    let env = try Environment(trajectory: "pbt", file: file, options: options)
    let pbt = try PopulationBasedTraining(problem: try #require(rateProblem), seed: 4, populationSize: 8)
    let optimization = Optimization(pbt, stopping: StoppingCriteria(generations: generations))
    let stop = env.stopHandle
    let counter = Counter()
    let job = training(TrainingCheckpoints(file: file), saves: saves)
    try await optimization.run(on: env) { run in
        if let limit = stopAfterRuns, counter.increment() == limit { stop.requestStop() }
        return try await job(run)
    }
    return optimization
}

/// The saved x of every run (its `checkpoint` result) and its explored rate and checkpoint.
private func runs(_ file: String) throws -> [(x: Double, rate: Double, parent: Int)] {
    let loaded = try TrajectoryStorage(path: file).load().trajectory
    let rates = try loaded.parameter("rate").range, parents = try loaded.parameter("checkpoint").range
    return try (0..<loaded.length).map { index in
        guard case .array(let saved) = try loaded.result("results.runs.\(NodeName.run(index)).checkpoint").item("checkpoint"),
            case .double(let values) = saved.elements, let x = values.first, case .double(let rate) = rates[index], case .int(let parent) = parents[index]
        else { throw TrajectoryError(code: .invalidValue, message: "run \(index) has no checkpoint", name: "") }
        return (x, rate, parent)
    }
}

@Suite("Population-based training through an environment")
struct PBTOptimizationTests {
    @Test("members continue from the checkpoints they name: their own, or a best-quarter member's for the worst quarter; the file replays")
    func exploitThroughCheckpoints() async throws {
        let directory = try TemporaryDirectory()
        let file = directory.file("pbt.hdf5")
        let optimization = try await pbtSearch(directory, file: file)
        let recorded = try runs(file)
        #expect(recorded.count == 40)
        let checkpoints = TrainingCheckpoints(file: file)
        for (index, run) in recorded.enumerated() {
            #expect(try checkpoints.state(ofRun: index) == [run.x], "the side store and the file's result agree")
            let generation = index / 8
            guard generation > 0 else {
                #expect(run.parent == -1)
                continue
            }
            // Bit for bit: the run's x is its parent's x after one step with the run's rate.
            #expect(run.parent >= 8 * (generation - 1) && run.parent < 8 * generation, "run \(index) continues from the previous step")
            #expect(run.x == descent(recorded[run.parent].x, rate: run.rate), "run \(index) started from run \(run.parent)'s state")
            let previous = (8 * (generation - 1)..<(8 * generation)).sorted { (recorded[$0].x * recorded[$0].x, $0) < (recorded[$1].x * recorded[$1].x, $1) }
            if run.parent != index - 8 {
                #expect(previous.prefix(2).contains(run.parent), "run \(index) copies a best-quarter member")
                #expect(previous.suffix(2).contains(index - 8), "run \(index) replaces a worst-quarter member")
                #expect(run.rate >= 0.01 && run.rate <= 0.45, "the explored rate stays in its bounds")
            }
        }
        #expect(recorded.enumerated().contains { $0.offset >= 8 && $0.element.parent != $0.offset - 8 }, "some member exploited another")
        let best = try #require(optimization.best?.fitness?.value)
        let firstBest = recorded.prefix(8).map { $0.x * $0.x }.min() ?? 0
        #expect(best < firstBest, "training in steps improves on the first step")
        // Replay: every run again from its recorded context and its parent's checkpoint, on 2 cores.
        let replay = try GenerationReplay(file: file)
        #expect(replay.generations.count == 5)
        #expect(try await replay.verify(cores: 2, fitness: training(checkpoints)).isEmpty)
    }

    @Test("the same file on 1 and 2 cores, and after an interruption and a resume")
    func deterministicAndResumable() async throws {
        let directory = try TemporaryDirectory()
        let one = directory.file("one.hdf5"), two = directory.file("two.hdf5"), interrupted = directory.file("interrupted.hdf5")
        let reference = try await pbtSearch(directory, file: one, cores: 1)
        try await pbtSearch(directory, file: two, cores: 2)
        // Stop in the middle of the third step, then resume on another core count.
        await expectError(.environment, as: AlgorithmError.self) {
            try await pbtSearch(directory, file: interrupted, cores: 2, stopAfterRuns: 21)
        }
        #expect(try !OptimizationStatus.read(file: interrupted).finished)
        let resumed = try await pbtSearch(directory, file: interrupted, cores: 1)
        guard case .resumed = resumed.resumption else {
            Issue.record("expected a resumption, got \(resumed.resumption)")
            return
        }
        #expect(resumed.optimizer == reference.optimizer)
        #expect(resumed.best == reference.best)
        for other in [two, interrupted] {
            let comparison = try Python.runFile("scripts/compare_trajectories.py", arguments: [one, other])
            #expect(comparison.standardOutput.contains("\"equal\": true"), "\(comparison.standardOutput)")
        }
    }

    @Test("a missing or damaged checkpoint is a typed error naming the run and the folder; runs that need one fail, not crash")
    func missingCheckpoints() async throws {
        let directory = try TemporaryDirectory()
        let checkpoints = TrainingCheckpoints(folder: directory.file("store"))
        let missing = expectError(.resumeMismatch, as: AlgorithmError.self) { try checkpoints.state(ofRun: 3) }
        #expect(missing?.message.contains("run 3 has no checkpoint in \(checkpoints.folder)") == true, "\(String(describing: missing))")
        try FileManager.default.createDirectory(atPath: checkpoints.folder, withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: checkpoints.path(ofRun: 3), contents: Data("PYPETCK1 garbage".utf8)))
        let damaged = expectError(.resumeMismatch, as: AlgorithmError.self) { try checkpoints.state(ofRun: 3) }
        #expect(damaged?.message.contains("damaged") == true)
        try checkpoints.removeAll()
        #expect(!FileManager.default.fileExists(atPath: checkpoints.folder))

        // A run context by hand: a checkpoint of a later run, a missing parameter, a non-finite state.
        func context(_ index: Int, parent: Int?) -> RunContext {
            RunContext(RunRequest(
                index: index, explored: parent.map { ["parameters.checkpoint": .int($0)] } ?? [:],
                parameters: ParameterSnapshot(values: parent == nil ? [:] : ["parameters.checkpoint": .int(-1)]), seed: 1, usesRunSets: false))
        }
        expectError(.invalidConfiguration, as: AlgorithmError.self) { try checkpoints.parentState(of: context(4, parent: 9)) }
        expectError(.invalidConfiguration, as: AlgorithmError.self) { try checkpoints.parentState(of: context(4, parent: nil)) }
        #expect(try checkpoints.parentState(of: context(4, parent: -1)) == nil)
        let nonFinite = expectError(.invalidConfiguration, as: AlgorithmError.self) { try checkpoints.save([1, .nan], run: context(4, parent: -1)) }
        #expect(nonFinite?.message.contains("finite") == true)
        try checkpoints.save([1, -2.5, 1e-300], run: context(4, parent: -1))
        #expect(try checkpoints.state(ofRun: 4) == [1, -2.5, 1e-300])

        // A training that never saves: every member of the second step fails with the message.
        let file = directory.file("unsaved.hdf5")
        let optimization = try await pbtSearch(directory, file: file, generations: 2, saves: false)
        let failures = optimization.optimizer.population.compactMap(\.failure)
        #expect(failures.count == 8)
        #expect(failures.allSatisfy { $0.contains("has no checkpoint") }, "\(failures.first ?? "")")
    }
}
