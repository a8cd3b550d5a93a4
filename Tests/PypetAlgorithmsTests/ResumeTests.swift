import Foundation
import Pypet
import PypetAlgorithms
import PypetTestSupport
import Synchronization
import Testing

private func resumeOptions(_ directory: TemporaryDirectory, cores: Int = 1) -> EnvironmentOptions {
    var options = optimizerOptions(directory, cores: cores)
    options.resume = true
    return options
}

private let problem4 = try! Problem(space: .box(4, lower: -5.12, upper: 5.12), objectives: [.minimize("f")])

@Sendable private func rastrigin4(_ run: RunContext) async throws -> Fitness {
    Fitness(Benchmarks.rastrigin(try (0..<4).map { try run.value("x\($0)", as: Double.self) }))
}

/// Runs a GA on `file` until `generations`, stopping the environment after `stopAfterRuns` runs when given.
private func optimize(
    _ directory: TemporaryDirectory, file: String, cores: Int = 1, generations: Int = 8, populationSize: Int = 20,
    stopAfterRuns: Int? = nil
) async throws -> Optimization<GeneticAlgorithm> {
    let env = try Environment(trajectory: "search", file: file, options: resumeOptions(directory, cores: cores))
    let optimization = Optimization(
        try GeneticAlgorithm(problem: problem4, seed: 12, populationSize: populationSize), stopping: StoppingCriteria(generations: generations))
    let stop = env.stopHandle
    let counter = Counter()
    try await optimization.run(on: env) { run in
        if let limit = stopAfterRuns, counter.increment() == limit { stop.requestStop() }
        return try await rastrigin4(run)
    }
    return optimization
}

final class Counter: Sendable {
    private let value = Synchronization.Mutex(0)
    func increment() -> Int { value.withLock { $0 += 1; return $0 } }
}

/// Every generation record's population, fitness, run indices and optimizer state, and every run's fitness.
private func recorded(_ file: String) throws -> [String] {
    let loaded = try TrajectoryStorage(path: file).load().trajectory
    var lines: [String] = []
    for case let record as ResultNode in (try loaded.node("results.generations") as? GroupNode)?.children ?? [] {
        lines.append(record.name + ": " + (try ["population", "fitness", "run_indices", "optimizer_json", "driver_json", "rng_state"]
            .map { "\(try record.item($0))" }.joined(separator: "|")))
    }
    lines.append("fitness: \(try TrajectoryStorage(path: file).runValues().sorted { $0.key < $1.key })")
    lines.append("x0: \(try loaded.parameter("x0").range)")
    lines.append("completed: \(loaded.runInformation.map(\.completed))")
    return lines.sorted()
}

@Suite("Resume and replay")
struct ResumeTests {
    @Test("an interrupted search resumes from the file and ends identical to an uninterrupted one (1 and 2 cores)")
    func interruptedThenResumed() async throws {
        let directory = try TemporaryDirectory()
        let reference = directory.file("reference.hdf5")
        let uninterrupted = try await optimize(directory, file: reference)
        for cores in [1, 2] {
            let file = directory.file("interrupted\(cores).hdf5")
            // Stop in the middle of the third generation (20 runs per generation at first).
            await expectError(.environment, as: AlgorithmError.self) {
                try await optimize(directory, file: file, cores: cores, stopAfterRuns: 47)
            }
            let status = try OptimizationStatus.read(file: file)
            #expect(!status.finished)
            #expect(status.generationsSealed >= 2)
            let resumed = try await optimize(directory, file: file, cores: cores)
            guard case .resumed(let generation, _) = resumed.resumption else {
                Issue.record("expected a resumption, got \(resumed.resumption)")
                continue
            }
            #expect(generation >= 1)
            #expect(resumed.best == uninterrupted.best)
            #expect(resumed.logbook == uninterrupted.logbook)
            #expect(try recorded(file) == recorded(reference))
            #expect(try OptimizationStatus.read(file: file).finished)
        }
    }

    @Test("resuming a finished search says so and runs nothing")
    func finishedSearch() async throws {
        let directory = try TemporaryDirectory()
        let file = directory.file("done.hdf5")
        let first = try await optimize(directory, file: file, generations: 3)
        let length = try TrajectoryStorage(path: file).load().trajectory.length
        let again = try await optimize(directory, file: file, generations: 3)
        #expect(again.resumption == .alreadyFinished)
        #expect(again.best == first.best)
        #expect(try TrajectoryStorage(path: file).load().trajectory.length == length)
    }

    @Test("another parameter space or algorithm configuration is refused unless allowed")
    func refusals() async throws {
        let directory = try TemporaryDirectory()
        let file = directory.file("refuse.hdf5")
        await expectError(.environment, as: AlgorithmError.self) { try await optimize(directory, file: file, stopAfterRuns: 25) }

        let env = try Environment(trajectory: "search", file: file, options: resumeOptions(directory))
        let wider = try Problem(space: .box(4, lower: -6, upper: 6), objectives: [.minimize("f")])
        let otherSpace = Optimization(try GeneticAlgorithm(problem: wider, seed: 12, populationSize: 20), stopping: StoppingCriteria(generations: 8))
        await expectError(.resumeMismatch, as: AlgorithmError.self) { try await otherSpace.run(on: env, fitness: rastrigin4) }

        let env2 = try Environment(trajectory: "search", file: file, options: resumeOptions(directory))
        let otherSettings = Optimization(try GeneticAlgorithm(problem: problem4, seed: 12, populationSize: 30), stopping: StoppingCriteria(generations: 8))
        await expectError(.resumeMismatch, as: AlgorithmError.self) { try await otherSettings.run(on: env2, fitness: rastrigin4) }

        let env3 = try Environment(trajectory: "search", file: file, options: resumeOptions(directory))
        let otherSeed = Optimization(try GeneticAlgorithm(problem: problem4, seed: 13, populationSize: 20), stopping: StoppingCriteria(generations: 8))
        otherSeed.allowsConfigurationChange = true
        try await otherSeed.run(on: env3, fitness: rastrigin4)
        #expect(otherSeed.optimizer.generation == 8)
        guard case .resumed = otherSeed.resumption else { Issue.record("not resumed: \(otherSeed.resumption)"); return }
    }

    @Test("replay reads the recorded generations without the user's code; verification recomputes them")
    func replay() async throws {
        let directory = try TemporaryDirectory()
        let file = directory.file("replay.hdf5")
        let optimization = try await optimize(directory, file: file, generations: 5)
        let replay = try GenerationReplay(file: file)
        #expect(replay.generations.map(\.generation) == Array(0..<5))
        #expect(replay.generations.map { $0.population.count } == optimization.logbook.entries.map(\.evaluations))
        #expect(replay.generations.last?.bestSoFar?.genome == optimization.best?.genome)
        #expect(replay.generations[2].statistics["min_f"] == .double(optimization.logbook.entries[2].minimum[0]))
        #expect(replay.verify { Fitness(Benchmarks.rastrigin($0)) }.isEmpty)
        let differences = replay.verify { Fitness(Benchmarks.rastrigin($0) + 1e-9) }
        #expect(differences.count == optimization.evaluations)
        #expect(replay.verify(fitness: { Fitness(Benchmarks.rastrigin($0) + 1e-9) }, tolerance: 1e-6).isEmpty)
    }

    @Test("kill -9 at random moments, resume until done: every dataset without timestamps equals an uninterrupted run (10 trials, 1 and 2 cores)")
    func crashAndResume() throws {
        let binary = Python.repositoryRoot + "/.build/debug/rastrigin"
        let output = try Python.runFile("scripts/resume_crash_test.py", arguments: [
            "--binary", binary, "--trials", "10", "--cores", "1,2", "--generations", "10", "--population", "24",
        ])
        let line = output.standardOutput.split(separator: "\n").last.map(String.init) ?? ""
        guard let data = line.data(using: .utf8), let report = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            Issue.record("no report: \(output.standardOutput) \(output.standardError)")
            return
        }
        #expect(output.status == 0, "\(report)")
        #expect(report["trials"] as? Int == 10)
        #expect(report["mismatching_trials"] as? Int == 0, "\(report["differences"] ?? "")")
        #expect((report["kills"] as? Int ?? 0) >= 10)
        print("resume crash test:", line)
    }
}

/// Runs any optimizer on `file` until `generations`, stopping the environment after `stopAfterRuns` runs when given.
private func optimize<O: Optimizer>(
    _ directory: TemporaryDirectory, file: String, cores: Int = 1, generations: Int, stopAfterRuns: Int? = nil, _ make: () throws -> O
) async throws -> Optimization<O> {
    let env = try Environment(trajectory: "search", file: file, options: resumeOptions(directory, cores: cores))
    let optimization = Optimization(try make(), stopping: StoppingCriteria(generations: generations))
    let stop = env.stopHandle
    let counter = Counter()
    try await optimization.run(on: env) { run in
        if let limit = stopAfterRuns, counter.increment() == limit { stop.requestStop() }
        return try await rastrigin4(run)
    }
    return optimization
}

@Suite("Resume of TPE and BIPOP CMA-ES")
struct ModelResumeTests {
    @Test("TPE (batches with the constant liar) and BIPOP CMA-ES (across restarts) resume to the uninterrupted files", arguments: ["tpe", "bipop"])
    func interruptedThenResumed(_ algorithm: String) async throws {
        let directory = try TemporaryDirectory()
        let generations = algorithm == "tpe" ? 8 : 300
        let stopAt = algorithm == "tpe" ? 29 : 1500
        func run(_ file: String, cores: Int = 1, stopAfterRuns: Int? = nil) async throws -> ([String], Int) {
            if algorithm == "tpe" {
                let optimization = try await optimize(directory, file: file, cores: cores, generations: generations, stopAfterRuns: stopAfterRuns) {
                    try TPE(problem: problem4, seed: 5, startupTrials: 6, batchSize: 6)
                }
                return ([optimization.best.map { "\($0)" } ?? "", "\(optimization.logbook)"], optimization.optimizer.trials.count)
            }
            let optimization = try await optimize(directory, file: file, cores: cores, generations: generations, stopAfterRuns: stopAfterRuns) {
                try CMAES(problem: problem4, seed: 5, restarts: .bipop, functionTolerance: 1e-3)
            }
            return ([optimization.best.map { "\($0)" } ?? "", "\(optimization.logbook)"], optimization.optimizer.restarts)
        }
        let reference = directory.file("reference.hdf5")
        let (expected, count) = try await run(reference)
        if algorithm == "bipop" { #expect(count >= 2, "the reference run restarts \(count) times") }
        let file = directory.file("interrupted.hdf5")
        await expectError(.environment, as: AlgorithmError.self) { _ = try await run(file, cores: 2, stopAfterRuns: stopAt) }
        #expect(try !OptimizationStatus.read(file: file).finished)
        let (resumed, _) = try await run(file, cores: 2)
        #expect(resumed == expected)
        #expect(try recorded(file) == recorded(reference))
    }
}
