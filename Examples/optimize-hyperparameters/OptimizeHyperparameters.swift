// optimize-hyperparameters: the main demo. An evolutionary optimizer tunes the hyperparameters of a small
// neural network trained in Swift on the UCI handwritten digits (shipped in Data/); the fitness of a
// hyperparameter set is the network's validation error. Every training is a run of the environment that
// reports its validation error after every epoch, so a pruner (successive halving by default) stops
// unpromising trainings early; every generation lands in the HDF5 file; the best model is trained again
// and tested at the end.

import ArgumentParser
import Foundation
import Pypet
import PypetAlgorithms
import PypetMPI

@main
struct OptimizeHyperparameters: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "optimize-hyperparameters",
        abstract: "Tune a neural network on the UCI digits with a genetic algorithm (or CMA-ES), every generation stored.")

    enum Algorithm: String, ExpressibleByArgument, CaseIterable { case ga, cmaes, pbt }
    enum PrunerChoice: String, ExpressibleByArgument, CaseIterable { case none, median, asha, hyperband }

    @Option(help: "The optimizer: ga, cmaes, or pbt (population-based training of a network of fixed shape, --hidden-units: every generation is a training step of every member).")
    var algorithm: Algorithm = .ga

    @Option(help: "The most epochs a training may ask for (the upper bound of the epochs hyperparameter; small for quick checks).")
    var maxEpochs = 30

    @Option(help: "With --algorithm pbt: epochs every member trains per step (generation).")
    var stepEpochs = 2

    @Option(help: "With --algorithm pbt: the factors an explored hyperparameter is multiplied by (Ray Tune's 0.8,1.2; 0.8,1.25 is unbiased on a log scale).")
    var perturbationFactors = "0.8,1.2"

    @Option(help: "With --algorithm pbt: hidden units of the network (fixed: members copy each other's weights).")
    var hiddenUnits = 32

    @Option(help: "Seed of the optimizer and of every training's stream.")
    var seed: UInt64 = 2026

    @Option(help: "Stops unpromising trainings after an epoch: none, median, asha (synchronous successive halving at epochs 1, 3, 9) or hyperband.")
    var pruner: PrunerChoice = .asha

    @Option(help: "The reduction factor of asha and hyperband: a training goes on at a rung if among the best 1/factor there.")
    var reductionFactor = 3

    @Option(help: "Seed of the stratified train/validation/test split.")
    var splitSeed: UInt64 = 1

    @Option(help: "Number of generations.")
    var generations = 8

    @Option(help: "Population size.")
    var population = 16

    @Option(help: "Trainings running at once (0 = every processor).")
    var cores = 0

    @Option(help: "Where trainings run: automatic, inline, tasks, processes (each in a worker process), mpi (ranks of mpirun).")
    var executor = "automatic"

    @Option(help: "Seconds a training may take with --executor processes before it fails (the worst fitness).")
    var timeout: Double?

    @Option(help: "The HDF5 file.")
    var file = "hdf5/optimize-hyperparameters.hdf5"

    @Option(help: "The digits CSV (64 pixels and the label per line).")
    var data = Self.defaultData

    @Flag(help: "Continue the search in --file after an interruption.")
    var resume = false

    @Flag(help: "Afterwards, train every recorded network again from the file (each run's parameters and stream rebuilt; a pruned run stops at its recorded epoch) and report any validation error that differs.")
    var verify = false

    static var defaultData: String {
        let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Data/digits.csv").path
        return FileManager.default.fileExists(atPath: here) ? here : "Examples/optimize-hyperparameters/Data/digits.csv"
    }

    func validate() throws {
        guard generations >= 1, population >= 4 else { throw ValidationError("--generations must be at least 1 and --population at least 4") }
        guard cores >= 0 else { throw ValidationError("--cores must be 0 (all) or positive") }
        guard maxEpochs >= 3 else { throw ValidationError("--max-epochs must be at least 3 (the fewest epochs a training asks for)") }
        guard factors.count >= 1, factors.allSatisfy({ $0 > 0 && $0.isFinite }) else {
            throw ValidationError("--perturbation-factors must be positive numbers separated by commas, not '\(perturbationFactors)'")
        }
        guard hiddenUnits >= 1 else { throw ValidationError("--hidden-units must be at least 1") }
        guard stepEpochs >= 1 else { throw ValidationError("--step-epochs must be at least 1") }
    }

    /// The factors of --perturbation-factors (empty when one does not parse).
    var factors: [Double] {
        let parsed = perturbationFactors.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        return parsed.contains(nil) ? [] : parsed.compactMap { $0 }
    }

    /// The hyperparameters searched, each a trajectory parameter.
    static func space(maxEpochs: Int = 30) throws -> ParameterSpace {
        try ParameterSpace([
            .continuous("log10_learning_rate", lower: -3, upper: -0.3),
            .continuous("log10_weight_decay", lower: -6, upper: -2),
            .integer("hidden_units", lower: 8, upper: 48),
            .integer("epochs", lower: 3, upper: maxEpochs),
            .categorical("batch_size", values: [.int(16), .int(32), .int(64)]),
            .categorical("activation", values: ["relu", "tanh"]),
        ])
    }

    /// The environment's pruning for `--pruner` (validation errors: lower is better).
    var pruning: Pruning? {
        switch pruner {
        case .none: nil
        case .median: Pruning(.median(startupRuns: 5, warmupSteps: 1))
        case .asha: Pruning(.successiveHalving(minimumStep: 1, reductionFactor: reductionFactor))
        case .hyperband: Pruning(.hyperband(minimumStep: 1, maximumStep: maxEpochs, reductionFactor: reductionFactor))
        }
    }

    func run() async throws {
        let digits = try Digits(path: data, splitSeed: splitSeed)
        let problem = try Problem(space: try Self.space(maxEpochs: maxEpochs), objectives: [.minimize("validation_error")])
        var options = EnvironmentOptions()
        options.cores = cores
        options.overwrite = !resume
        options.executor = try ExecutorChoice.namedWithMPI(executor, limits: WorkerProcesses(workers: cores, timeout: timeout))
        options.seed = seed
        options.resume = resume
        options.progress = .terminalOnly
        options.pruning = algorithm == .pbt ? nil : pruning  // PBT replaces bad members instead of stopping them
        let env = try Environment(
            trajectory: "digits_mlp", comment: "hyperparameters of a 1-hidden-layer network on the UCI digits", file: file, options: options)
        try env.recordInput(data)  // provenance: the digits' SHA-1 in the environment's record
        if !env.isResumed {
            // The split, so that other tools (bench/digits_baseline.py) can use the very same digits.
            try env.trajectory.addResult("split", items: [
                "train": .array(NDArray(digits.train)), "validation": .array(NDArray(digits.validation)), "test": .array(NDArray(digits.test)),
            ], comment: "sample indices (rows of the digits CSV) of the stratified train/validation/test split")
        }
        let quiet = Environment.isWorker  // worker processes and MPI ranks only train
        if !quiet { print("Tuning \(algorithm == .pbt ? try Self.pbtSpace().count : problem.space.count) hyperparameters on \(digits.labels.count) digits (\(digits.train.count) train, "
              + "\(digits.validation.count) validate, \(digits.test.count) test) with \(algorithm.rawValue), \(generations) generations, "
              + "pruner \(algorithm == .pbt ? "none" : pruner.rawValue), on \(env.executor.placeDescription); file \(file)") }
        switch algorithm {
        case .ga:
            try await optimize(try GeneticAlgorithm(
                problem: problem, seed: seed, populationSize: population, mutation: .polynomialBounded(eta: 20, probability: 0.3),
                crossoverProbability: 0.6, mutationProbability: 0.4), env: env, digits: digits)
        case .cmaes:
            try await optimize(try CMAES(problem: problem, seed: seed, populationSize: population), env: env, digits: digits)
        case .pbt:
            try await trainWithPBT(env: env, digits: digits)
        }
    }

    private func optimize<O: Optimizer>(_ optimizer: O, env: Environment, digits: Digits) async throws {
        let optimization = Optimization(optimizer, stopping: StoppingCriteria(generations: generations))
        if !Environment.isWorker { print("  gen  evals  best val. error  mean val. error") }
        optimization.onGeneration = { record in
            let best = record.hallOfFame.first?.fitness?.value ?? .nan
            Environment.printLine(String(format: "%5d %6d %16.4f %16.4f", record.generation, record.statistics.evaluations, best, record.statistics.mean[0]))
        }
        let seed = self.seed
        let fitness: @Sendable (RunContext) async throws -> Fitness = { run in
            let settings = try Settings(run: run)
            var trained = 0
            let network = try Self.train(settings, random: try Self.stream(seed: seed, values: settings.values), digits: digits) { epoch, network in
                trained = epoch
                // The validation error after every epoch: the learning curve, and what the pruner judges.
                return try run.report(step: epoch, value: network.error(digits, indices: digits.validation))
            }
            let error = network.error(digits, indices: digits.validation)
            try run.addResult("validation_error", error, comment: "fraction of validation digits misclassified")
            try run.addResult("epochs_trained", trained, comment: "epochs trained before the end or the pruner stopped the training")
            return Fitness(error)
        }
        let best = try await optimization.run(on: env, fitness: fitness)
        guard !Environment.isWorker else { return }
        if case .alreadyFinished = optimization.resumption { print("The search in \(file) had already finished.") }
        try await Self.reportEpochs(file: file)
        guard let best, let error = best.fitness?.value else {
            print("No network was trained.")
            return
        }
        let values = optimization.problem.space.values(of: best.genome)
        let settings = zip(optimization.problem.space.dimensions, values).map { "\($0.name) = \(Self.show($1))" }
        print("\nBest hyperparameters (validation error \(String(format: "%.2f%%", 100 * error))):")
        for line in settings { print("  " + line) }
        // The best model again, this time also measured on the held-out test digits. The same stream as in
        // its run: the very network the validation error came from (a pruned run stops at the same epoch).
        let parameters = Dictionary(uniqueKeysWithValues: zip(optimization.problem.space.dimensions.map(\.name), values))
        let epochs = try await Self.epochsTrained(file: file, values: parameters)
        let network = try Self.train(try Settings(parameters), random: try Self.stream(seed: seed, values: values), digits: digits) { epoch, _ in
            epoch >= epochs
        }
        print(String(format: "The best model again (%d epochs): validation error %.2f%%, test error %.2f%% (%d held-out digits)",
                     epochs, 100 * network.error(digits, indices: digits.validation), 100 * network.error(digits, indices: digits.test),
                     digits.test.count))
        print("\nThe file: \(file). Look at it with `swift run pypet generations \(file)`, `swift run pypet notebook \(file) -o analysis.ipynb`,")
        print("or in Python: h5py.File(\"\(file)\")[\"digits_mlp/results/generations\"].")
        if verify {
            let replay = try GenerationReplay(file: file)
            let differences = try await replay.verify(cores: cores, fitness: fitness)
            print("Verified \(replay.generations.count) generations from the file: \(differences.isEmpty ? "every fitness reproduced bit for bit" : "\(differences.count) differences")")
            for difference in differences.prefix(10) { print("  " + difference.description) }
            if !differences.isEmpty { throw ExitCode(1) }
        }
    }

    static func show(_ value: PypetValue) -> String {
        switch value {
        case .double(let v): String(format: "%.4g", v)
        case .int(let v): String(v)
        case .string(let v): v
        default: "\(value)"
        }
    }

    /// The stream a training draws its initial weights and batch order from: derived from the seed and the
    /// hyperparameters themselves, so a hyperparameter set always gives the same network (a deterministic
    /// fitness, whichever run evaluates it).
    static func stream(seed: UInt64, values: [PypetValue]) throws -> RandomStream {
        let keys = values.map { value -> UInt64 in
            switch value {
            case .double(let v): v.bitPattern
            case .int(let v): UInt64(bitPattern: Int64(v))
            case .string(let v): v.utf8.reduce(14_695_981_039_346_656_037) { ($0 ^ UInt64($1)) &* 1_099_511_628_211 }
            default: 0
            }
        }
        return try RandomStream(seed: seed & 0xFFFF_FFFF, keys: keys)
    }

    /// The hyperparameters of one training.
    struct Settings {
        var learningRate: Double, weightDecay: Double, hidden: Int, epochs: Int, batchSize: Int, activation: String
        /// The hyperparameters' values in the space's order (what the training's stream is derived from).
        var values: [PypetValue]

        init(_ parameters: [String: PypetValue]) throws {
            func value(_ name: String) throws -> PypetValue {
                guard let value = parameters[name] else { throw Digits.ValidationFailure(message: "no hyperparameter '\(name)'") }
                return value
            }
            values = try OptimizeHyperparameters.space().dimensions.map { try value($0.name) }
            learningRate = pow(10, try Double(pypetValue: try value("log10_learning_rate")))
            weightDecay = pow(10, try Double(pypetValue: try value("log10_weight_decay")))
            hidden = try Int(pypetValue: try value("hidden_units"))
            epochs = try Int(pypetValue: try value("epochs"))
            batchSize = try Int(pypetValue: try value("batch_size"))
            activation = try String(pypetValue: try value("activation"))
        }

        init(run: RunContext) throws {
            let names = try OptimizeHyperparameters.space().dimensions.map(\.name)
            try self.init(Dictionary(uniqueKeysWithValues: try names.map { ($0, try run.value($0, as: PypetValue.self)) }))
        }
    }

    /// Trains epoch by epoch on the training digits; after every epoch `afterEpoch(epoch, network)` may stop
    /// the training by returning true.
    static func train(
        _ settings: Settings, random: RandomStream, digits: Digits, afterEpoch: (Int, Network) throws -> Bool
    ) throws -> Network {
        var network = Network(
            inputs: 64, hidden: settings.hidden, outputs: 10, activation: Network.Activation(rawValue: settings.activation) ?? .relu, random: random)
        var order = digits.train
        for epoch in 1...max(1, settings.epochs) {
            network.train(
                digits, order: &order, epochs: 1, batchSize: settings.batchSize, learningRate: settings.learningRate,
                weightDecay: settings.weightDecay, random: random)
            if try afterEpoch(epoch, network) { break }
        }
        return network
    }

    /// The epochs the run with these hyperparameters trained (its stored `epochs_trained`).
    static func epochsTrained(file: String, values: [String: PypetValue]) async throws -> Int {
        let epochs = try Int(pypetValue: values["epochs"] ?? .int(1))
        let runs = try await TrajectoryStorage(path: file).mapRuns { run -> Int? in
            for (name, value) in values where run.parameters["parameters." + name] != value { return nil }
            return (try? Int(pypetValue: run["epochs_trained"] ?? .int(epochs))) ?? epochs
        }
        return runs.compactMap { $0 }.first ?? epochs
    }

    /// Prints how many epochs the pruner saved: epochs trained against the epochs the runs asked for.
    static func reportEpochs(file: String) async throws {
        let rows = try await TrajectoryStorage(path: file).mapRuns { run -> (asked: Int, trained: Int)? in
            guard case .int(let asked)? = run.parameters["parameters.epochs"], case .int(let trained)? = run["epochs_trained"] else { return nil }
            return (asked, trained)
        }.compactMap { $0 }
        let asked = rows.reduce(0) { $0 + $1.asked }, trained = rows.reduce(0) { $0 + $1.trained }
        let stopped = rows.filter { $0.trained < $0.asked }.count
        guard asked > 0 else { return }
        print(String(format: "\nEpochs: %d trained of %d asked for (%.0f %% saved); %d of %d trainings stopped early by the pruner.",
                     trained, asked, 100 * Double(asked - trained) / Double(asked), stopped, rows.count))
    }
}
