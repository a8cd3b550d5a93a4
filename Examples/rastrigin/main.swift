// rastrigin: minimizes the 10-D Rastrigin function through the environment with any optimizer of
// PypetAlgorithms; prints the best and mean fitness of every generation and records every generation in
// the HDF5 file.

import ArgumentParser
import Foundation
import Pypet
import PypetAlgorithms
import PypetMPI

@main
struct Rastrigin: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rastrigin", abstract: "Minimize the 10-D Rastrigin function with an evolutionary optimizer, every generation stored.")

    enum Algorithm: String, ExpressibleByArgument, CaseIterable {
        case ga, muPlusLambda = "mu-plus-lambda", muCommaLambda = "mu-comma-lambda", cmaes, es, crossEntropy = "cross-entropy"
        case annealing, random, tpe
    }

    @Option(help: "The optimizer: \(Algorithm.allCases.map(\.rawValue).joined(separator: ", ")).")
    var algorithm: Algorithm = .ga

    @Option(help: "Seed of the optimizer's streams (and of the runs').")
    var seed: UInt64 = 42

    @Option(help: "Number of generations.")
    var generations = 50

    @Option(help: "Runs executing at once (0 = every processor).")
    var cores = 1

    @Option(help: "Where runs execute: inline, tasks, processes (each evaluation in a worker process), mpi (ranks 1..N-1 of mpirun -n N).")
    var executor = "automatic"

    @Option(help: "Worker processes with --executor processes (0 = one per processor).")
    var workers = 0

    @Option(help: "Seconds an evaluation may take in a worker process (it fails with the worst fitness after that).")
    var timeout: Double?

    @Option(help: "How often an evaluation whose worker process died is tried again.")
    var retries = 0

    @Option(help: "A run index whose evaluation crashes its process (to try --executor processes).")
    var crashRun: Int?

    @Option(help: "The HDF5 file (replaced).")
    var file = "hdf5/rastrigin.hdf5"

    @Option(help: "Dimensions of the Rastrigin function.")
    var dimensions = 10

    @Option(help: "Population size (GA, ES, cross-entropy, random search; CMA-ES: its first lambda; TPE: trials per generation, 10 by default).")
    var population: Int?

    @Option(help: "CMA-ES restarts: \(CMAESRestarts.allCases.map(\.rawValue).joined(separator: ", ")).")
    var restarts = "ipop"

    @Flag(help: "TPE: one joint Parzen estimator over all dimensions (Optuna's multivariate TPE).")
    var multivariate = false

    @Flag(help: "Continue the search in --file if it holds one (after a crash or Ctrl-C); otherwise start it.")
    var resume = false

    @Flag(help: "Print only the final result.")
    var quiet = false

    @Flag(help: "Afterwards, evaluate every recorded generation again from the file and report differences (reproducibility check).")
    var verify = false

    func validate() throws {
        guard generations >= 1, dimensions >= 1 else { throw ValidationError("--generations and --dimensions must be positive") }
        guard cores >= 0 else { throw ValidationError("--cores must be 0 (all) or positive") }
        guard CMAESRestarts(rawValue: restarts) != nil else {
            throw ValidationError("--restarts must be one of \(CMAESRestarts.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() async throws {
        let problem = try Problem(space: .box(dimensions, lower: -5.12, upper: 5.12), objectives: [.minimize("rastrigin")])
        switch algorithm {
        case .ga:
            try await optimize(try GeneticAlgorithm(
                problem: problem, seed: seed, populationSize: population ?? 100, crossoverProbability: 0.5, mutationProbability: 0.2))
        case .muPlusLambda:
            try await optimize(try GeneticAlgorithm(
                problem: problem, seed: seed, variant: .muPlusLambda, populationSize: population ?? 50, offspringSize: 2 * (population ?? 50),
                crossoverProbability: 0.6, mutationProbability: 0.3))
        case .muCommaLambda:
            try await optimize(try GeneticAlgorithm(
                problem: problem, seed: seed, variant: .muCommaLambda, populationSize: population ?? 50, offspringSize: 2 * (population ?? 50),
                crossoverProbability: 0.6, mutationProbability: 0.3))
        case .cmaes: try await optimize(try CMAES(problem: problem, seed: seed, populationSize: population, restarts: CMAESRestarts(rawValue: restarts) ?? .ipop))
        case .es:
            let lambda = population ?? 70
            try await optimize(try EvolutionStrategy(problem: problem, seed: seed, strategy: .muCommaLambda(mu: max(1, lambda / 7), lambda: lambda)))
        case .crossEntropy: try await optimize(try CrossEntropyMethod(problem: problem, seed: seed, populationSize: population ?? 100))
        case .annealing: try await optimize(try SimulatedAnnealing(problem: problem, seed: seed, neighbors: population ?? 8))
        case .random: try await optimize(try RandomSearch(problem: problem, seed: seed, batchSize: population ?? 100))
        case .tpe: try await optimize(try TPE(problem: problem, seed: seed, batchSize: population ?? 10, multivariate: multivariate))
        }
    }

    private func optimize<O: Optimizer>(_ optimizer: O) async throws {
        var options = EnvironmentOptions()
        options.cores = cores
        options.overwrite = !resume
        options.executor = try ExecutorChoice.namedWithMPI(executor, limits: WorkerProcesses(workers: workers, retries: retries, timeout: timeout))
        options.seed = seed
        options.progress = .terminalOnly
        options.resume = resume
        let env = try Environment(trajectory: "rastrigin", comment: "10-D Rastrigin minimized by \(optimizer.name)", file: file, options: options)
        let optimization = Optimization(optimizer, stopping: StoppingCriteria(generations: generations))
        if !quiet, !Environment.isWorker {
            print(String(format: "%5@ %8@ %14@ %14@", "gen", "evals", "best", "mean"))
            optimization.onGeneration = { record in
                let best = record.hallOfFame.first?.fitness?.value ?? .nan
                Environment.printLine(String(format: "%5d %8d %14.6f %14.6f", record.generation, record.statistics.evaluations, best, record.statistics.mean[0]))
            }
        }
        let names = (0..<dimensions).map { "x\($0)" }
        let crashRun = self.crashRun
        let fitness: @Sendable (RunContext) async throws -> Fitness = { run in
            if run.index == crashRun { UnsafeMutablePointer<Int>(bitPattern: 0x10)?.pointee = 1 }  // a bad memory access
            let x = try names.map { try run.value($0, as: Double.self) }
            var total = 10 * Double(x.count)
            for v in x { total += v * v - 10 * cos(2 * .pi * v) }
            return Fitness(total)
        }
        let best = try await optimization.run(on: env, fitness: fitness)
        // Worker processes and MPI ranks other than 0 only evaluate; rank 0 (the owner) reports.
        guard !Environment.isWorker else { return }
        switch optimization.resumption {
        case .alreadyFinished:
            print("The search in \(file) had already finished; nothing to do.")
        case .resumed(let generation, let reused):
            print("Resumed after generation \(generation) (\(reused) completed runs of the next generation reused).")
        default:
            break
        }
        guard let best, let value = best.fitness?.value else {
            print("No individual was evaluated.")
            return
        }
        print("Best fitness \(String(format: "%.6f", value)) after \(optimization.evaluations) evaluations (\(optimizer.name), seed \(seed)).")
        print("Best point: " + best.genome.map { String(format: "%.4f", $0) }.joined(separator: ", "))
        print("Every generation is in \(file) under results.generations (trajectory 'rastrigin').")
        if verify {
            let replay = try GenerationReplay(file: file)
            let differences = try await replay.verify(cores: cores, fitness: fitness)
            print("Verified \(replay.generations.count) generations from the file: \(differences.isEmpty ? "every fitness reproduced bit for bit" : "\(differences.count) differences")")
            for difference in differences.prefix(10) { print("  " + difference.description) }
            if !differences.isEmpty { throw ExitCode(1) }
        }
    }
}
