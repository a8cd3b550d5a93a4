// nsga2-zdt1: multi-objective optimization. NSGA-II minimizes the two objectives of ZDT1 (30 variables in
// [0, 1]) through the environment; it prints the hypervolume of the population's front (reference point
// (1.1, 1.1); the true front gives 0.8767) every generation and records every generation in the file.

import ArgumentParser
import Foundation
import Pypet
import PypetAlgorithms

@main
struct NSGA2ZDT1: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nsga2-zdt1", abstract: "NSGA-II on ZDT1 (two objectives, 30 variables), hypervolume per generation.")

    @Option(help: "Seed of the optimizer's streams.")
    var seed: UInt64 = 1

    @Option(help: "Number of generations.")
    var generations = 100

    @Option(help: "Population size (even).")
    var population = 100

    @Option(help: "Runs executing at once (0 = every processor).")
    var cores = 1

    @Option(help: "The HDF5 file.")
    var file = "hdf5/nsga2-zdt1.hdf5"

    @Flag(help: "Continue the search in --file after an interruption.")
    var resume = false

    @Flag(help: "Afterwards, evaluate every recorded generation again from the file and report differences (reproducibility check).")
    var verify = false

    func run() async throws {
        let problem = try Problem(space: .box(30, lower: 0, upper: 1), objectives: [.minimize("f1"), .minimize("f2")])
        var options = EnvironmentOptions()
        options.cores = cores
        options.seed = seed
        options.resume = resume
        options.overwrite = !resume
        options.progress = .terminalOnly
        let env = try Environment(trajectory: "zdt1", comment: "ZDT1 minimized by NSGA-II", file: file, options: options)
        let optimization = Optimization(try NSGA2(problem: problem, seed: seed, populationSize: population), stopping: StoppingCriteria(generations: generations))
        print("  gen  evals  hypervolume  front size")
        optimization.onGeneration = { record in
            let front = record.population.compactMap { $0.fitness?.values }
            Environment.printLine(String(format: "%5d %6d %12.4f %11d", record.generation, record.statistics.evaluations,
                         Self.hypervolume(front, reference: [1.1, 1.1]), NondominatedSorting.fronts(record.population).first?.count ?? 0))
        }
        let names = (0..<30).map { "x\($0)" }
        let fitness: @Sendable (RunContext) async throws -> Fitness = { run in
            let x = try names.map { try run.value($0, as: Double.self) }
            let g = 1 + 9 * x.dropFirst().reduce(0, +) / 29
            return Fitness([x[0], g * (1 - (x[0] / g).squareRoot())])
        }
        try await optimization.run(on: env, fitness: fitness)
        let front = optimization.optimizer.population.compactMap { $0.fitness?.values }
        print(String(format: "Final hypervolume %.4f (true front 0.8767); %d points on the Pareto front so far; file %@",
                     Self.hypervolume(front, reference: [1.1, 1.1]), optimization.paretoFront.members.count, file))
        if verify {
            let replay = try GenerationReplay(file: file)
            let differences = try await replay.verify(cores: cores, fitness: fitness)
            print("Verified \(replay.generations.count) generations from the file: \(differences.isEmpty ? "every fitness reproduced bit for bit" : "\(differences.count) differences")")
            for difference in differences.prefix(10) { print("  " + difference.description) }
            if !differences.isEmpty { throw ExitCode(1) }
        }
    }

    /// The area dominated by a two-objective minimization front up to `reference`.
    static func hypervolume(_ points: [[Double]], reference: [Double]) -> Double {
        Hypervolume.of(points.filter { $0.count == 2 }, reference: reference)
    }
}
