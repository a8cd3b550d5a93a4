// optimize-hyperparameters: the main demo. An evolutionary optimizer tunes the hyperparameters of a small
// neural network trained in Swift on the UCI handwritten digits (shipped in Data/); the fitness of a
// hyperparameter set is the network's validation error. Every training is a run of the environment;
// every generation lands in the HDF5 file; the best model is trained again and tested at the end.

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

    enum Algorithm: String, ExpressibleByArgument, CaseIterable { case ga, cmaes }

    @Option(help: "The optimizer: ga or cmaes.")
    var algorithm: Algorithm = .ga

    @Option(help: "Seed of the optimizer and of every training's stream.")
    var seed: UInt64 = 2026

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

    static var defaultData: String {
        let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Data/digits.csv").path
        return FileManager.default.fileExists(atPath: here) ? here : "Examples/optimize-hyperparameters/Data/digits.csv"
    }

    func validate() throws {
        guard generations >= 1, population >= 4 else { throw ValidationError("--generations must be at least 1 and --population at least 4") }
        guard cores >= 0 else { throw ValidationError("--cores must be 0 (all) or positive") }
    }

    /// The hyperparameters searched, each a trajectory parameter.
    static func space() throws -> ParameterSpace {
        try ParameterSpace([
            .continuous("log10_learning_rate", lower: -3, upper: -0.3),
            .continuous("log10_weight_decay", lower: -6, upper: -2),
            .integer("hidden_units", lower: 8, upper: 48),
            .integer("epochs", lower: 3, upper: 15),
            .categorical("batch_size", values: [.int(16), .int(32), .int(64)]),
            .categorical("activation", values: ["relu", "tanh"]),
        ])
    }

    func run() async throws {
        let digits = try Digits(path: data)
        let problem = try Problem(space: try Self.space(), objectives: [.minimize("validation_error")])
        var options = EnvironmentOptions()
        options.cores = cores
        options.overwrite = !resume
        options.executor = try ExecutorChoice.namedWithMPI(executor, limits: WorkerProcesses(workers: cores, timeout: timeout))
        options.seed = seed
        options.resume = resume
        options.progress = .none
        let env = try Environment(
            trajectory: "digits_mlp", comment: "hyperparameters of a 1-hidden-layer network on the UCI digits", file: file, options: options)
        try env.recordInput(data)  // provenance: the digits' SHA-1 in the environment's record
        let quiet = Environment.isWorker  // worker processes and MPI ranks only train
        if !quiet { print("Tuning \(problem.space.count) hyperparameters on \(digits.labels.count) digits with \(algorithm.rawValue), "
              + "\(generations) generations, on \(env.executor.placeDescription); file \(file)") }
        switch algorithm {
        case .ga:
            try await optimize(try GeneticAlgorithm(
                problem: problem, seed: seed, populationSize: population, mutation: .polynomialBounded(eta: 20, probability: 0.3),
                crossoverProbability: 0.6, mutationProbability: 0.4), env: env, digits: digits)
        case .cmaes:
            try await optimize(try CMAES(problem: problem, seed: seed, populationSize: population), env: env, digits: digits)
        }
    }

    private func optimize<O: Optimizer>(_ optimizer: O, env: Environment, digits: Digits) async throws {
        let optimization = Optimization(optimizer, stopping: StoppingCriteria(generations: generations))
        if !Environment.isWorker { print("  gen  evals  best val. error  mean val. error") }
        optimization.onGeneration = { record in
            let best = record.hallOfFame.first?.fitness?.value ?? .nan
            print(String(format: "%5d %6d %16.4f %16.4f", record.generation, record.statistics.evaluations, best, record.statistics.mean[0]))
        }
        let seed = self.seed
        let best = try await optimization.run(on: env) { run in
            let network = try Self.train(run: run, digits: digits, seed: seed)
            let error = network.error(digits, indices: Digits.validationRange)
            try run.addResult("validation_error", error, comment: "fraction of validation digits misclassified")
            return Fitness(error)
        }
        guard !Environment.isWorker else { return }
        if case .alreadyFinished = optimization.resumption { print("The search in \(file) had already finished.") }
        guard let best, let error = best.fitness?.value else {
            print("No network was trained.")
            return
        }
        let values = optimization.problem.space.values(of: best.genome)
        let settings = zip(optimization.problem.space.dimensions, values).map { "\($0.name) = \(Self.show($1))" }
        print("\nBest hyperparameters (validation error \(String(format: "%.2f%%", 100 * error))):")
        for line in settings { print("  " + line) }
        // The best model again, this time also measured on the held-out test digits.
        let parameters = Dictionary(uniqueKeysWithValues: zip(optimization.problem.space.dimensions.map(\.name), values))
        // The same stream as in its run: the very network the validation error came from.
        let network = try Self.train(parameters: parameters, random: try Self.stream(seed: seed, values: values), digits: digits)
        print(String(format: "The best model again: validation error %.2f%%, test error %.2f%% (%d held-out digits)",
                     100 * network.error(digits, indices: Digits.validationRange), 100 * network.error(digits, indices: Digits.testRange),
                     Digits.testRange.count))
        print("\nThe file: \(file). Look at it with `swift run pypet generations \(file)`, `swift run pypet notebook \(file) -o analysis.ipynb`,")
        print("or in Python: h5py.File(\"\(file)\")[\"digits_mlp/results/generations\"].")
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

    /// Trains the network a run's parameters describe.
    static func train(run: RunContext, digits: Digits, seed: UInt64) throws -> Network {
        let names = try space().dimensions.map(\.name)
        let values = try names.map { try run.value($0, as: PypetValue.self) }
        let network = try train(
            learningRate: pow(10, try run.log10_learning_rate.value(as: Double.self)),
            weightDecay: pow(10, try run.log10_weight_decay.value(as: Double.self)),
            hidden: try run.hidden_units.value(as: Int.self), epochs: try run.epochs.value(as: Int.self),
            batchSize: try run.batch_size.value(as: Int.self), activation: try run.activation.value(as: String.self),
            random: try stream(seed: seed, values: values), digits: digits)
        return network
    }

    static func train(parameters: [String: PypetValue], random: RandomStream, digits: Digits) throws -> Network {
        func double(_ name: String) throws -> Double { try Double(pypetValue: parameters[name] ?? .double(0)) }
        func int(_ name: String) throws -> Int { try Int(pypetValue: parameters[name] ?? .int(0)) }
        return try train(
            learningRate: pow(10, try double("log10_learning_rate")), weightDecay: pow(10, try double("log10_weight_decay")),
            hidden: try int("hidden_units"), epochs: try int("epochs"), batchSize: try int("batch_size"),
            activation: try String(pypetValue: parameters["activation"] ?? "relu"), random: random, digits: digits)
    }

    static func train(
        learningRate: Double, weightDecay: Double, hidden: Int, epochs: Int, batchSize: Int, activation: String, random: RandomStream,
        digits: Digits
    ) throws -> Network {
        var network = Network(inputs: 64, hidden: hidden, outputs: 10, activation: Network.Activation(rawValue: activation) ?? .relu, random: random)
        network.train(
            digits, indices: Digits.trainRange, epochs: epochs, batchSize: batchSize, learningRate: learningRate, weightDecay: weightDecay,
            random: random)
        return network
    }
}
