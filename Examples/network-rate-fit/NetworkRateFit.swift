// network-rate-fit: the network framework and the optimizer engine together. The cross-entropy method
// searches the weight of the Poisson input synapses (in pA) that makes a population of LIF neurons fire
// at a target rate; every evaluation is a run of the environment simulating the network, every
// generation is recorded in the file.

import ArgumentParser
import Foundation
import Pypet
import PypetAlgorithms
import PypetNetwork

@main
struct NetworkRateFit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "network-rate-fit", abstract: "Fit a network's input weight to a target firing rate with the cross-entropy method.")

    @Option(help: "The HDF5 file (replaced).")
    var file = "hdf5/network-rate-fit.hdf5"

    @Option(help: "The target population rate in Hz.")
    var target = 10.0

    @Option(help: "Neurons in the population.")
    var neurons = 200

    @Option(help: "Generations of the search.")
    var generations = 8

    @Option(help: "Samples per generation.")
    var population = 10

    @Option(help: "Runs executing at once (0 = every processor).")
    var cores = 0

    @Option(help: "Seed of the optimizer and of the runs.")
    var seed: UInt64 = 3

    func validate() throws {
        guard target > 0, neurons > 0, generations > 0, population >= 2 else {
            throw ValidationError("--target, --neurons and --generations must be positive and --population at least 2")
        }
    }

    func run() async throws {
        var options = EnvironmentOptions()
        options.cores = cores
        options.seed = seed
        options.overwrite = true
        options.progress = .none
        let env = try Environment(trajectory: "network_rate_fit", comment: "input weight fitted to a target rate", file: file, options: options)
        let manager = NetworkManager(
            runner: NetworkRunner(durations: [
                Subrun(name: "settle", duration: 100 * .ms, order: 0), Subrun(name: "measure", duration: 500 * .ms, order: 1),
            ]),
            components: [DrivenPopulation(neurons: neurons)], analysers: [RateMeter()])
        try manager.addParameters(to: env.trajectory)
        try env.trajectory.addParameter("target_rate", target * .Hz, comment: "The rate the search aims at")
        let problem = try Problem(space: ParameterSpace([.continuous("input.weight", lower: 0, upper: 400)]), objectives: [.minimize("rate_error")])
        let optimization = Optimization(
            try CrossEntropyMethod(problem: problem, seed: seed, populationSize: population), stopping: StoppingCriteria(generations: generations))
        print(String(format: "%5@ %12@ %14@", "gen", "best w (pA)", "|rate - target|"))
        optimization.onGeneration = { record in
            let best = record.hallOfFame.first
            print(String(format: "%5d %12.2f %14.3f", record.generation, best?.genome.first ?? .nan, best?.fitness?.value ?? .nan))
        }
        // The space adds `input.weight`; the manager reads the subrun order and pre-builds once it exists.
        try problem.space.addParameters(to: env.trajectory)
        try manager.preBuild(env.trajectory, seed: seed)
        let goal = target
        let best = try await optimization.run(on: env) { run in
            let report = try manager.runNetwork(run)
            return Fitness(abs((report.values["rate"] ?? 0) - goal))
        }
        guard let best, let weight = best.genome.first, let error = best.fitness?.value else {
            print("No individual was evaluated.")
            return
        }
        print(String(format: "Best input weight %.2f pA: rate within %.3f Hz of %.1f Hz after %d evaluations; every generation is in %@.",
                     weight, error, target, optimization.evaluations, env.file ?? file))
    }
}
