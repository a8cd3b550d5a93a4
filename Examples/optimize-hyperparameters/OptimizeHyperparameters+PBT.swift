import Foundation
import Pypet
import PypetAlgorithms

// `--algorithm pbt`: population-based training of the same network. The architecture is fixed (--hidden-units; PBT
// copies weights between members, so they must have one shape); the learning rate, the weight decay and
// the batch size are trained along with the weights: every generation trains each member --step-epochs
// epochs from its checkpoint, then the worst quarter continue from the best quarter's weights with
// perturbed hyperparameters.
extension OptimizeHyperparameters {
    /// The hyperparameters PBT adapts during training.
    static func pbtSpace() throws -> ParameterSpace {
        try ParameterSpace([
            .logarithmic("learning_rate", lower: 1e-3, upper: 0.5),
            .logarithmic("weight_decay", lower: 1e-6, upper: 1e-2),
            .categorical("batch_size", values: [.int(16), .int(32), .int(64)]),
        ])
    }

    /// Trains the population and reports the best member (its validation and test errors) and the epochs.
    func trainWithPBT(env: Environment, digits: Digits) async throws {
        let problem = try Problem(space: try Self.pbtSpace(), objectives: [.minimize("validation_error")])
        let pbt = try PopulationBasedTraining(problem: problem, seed: seed, populationSize: population, perturbationFactors: factors)
        let optimization = Optimization(pbt, stopping: StoppingCriteria(generations: generations))
        let checkpoints = TrainingCheckpoints(file: file)
        let stepEpochs = self.stepEpochs, hidden = hiddenUnits
        if !Environment.isWorker {
            print("PBT: \(population) members of a 64-\(hidden)-10 network, \(stepEpochs) epochs per step, checkpoints in \(checkpoints.folder)")
            print("  gen  evals  best val. error  mean val. error  exploited")
        }
        optimization.onGeneration = { record in
            let best = record.hallOfFame.first?.fitness?.value ?? .nan
            // The members that continued from another member's weights in this step.
            var exploited = 0
            if case .array(let donors)? = record.optimizerState["exploited_from"], case .int(let slots) = donors.elements {
                exploited = slots.filter { $0 >= 0 }.count
            }
            Environment.printLine(String(format: "%5d %6d %16.4f %16.4f %10d", record.generation, record.statistics.evaluations, best,
                                         record.statistics.mean[0], exploited))
        }
        let best = try await optimization.run(on: env) { run in
            let learningRate = try run.value("learning_rate", as: Double.self)
            let weightDecay = try run.value("weight_decay", as: Double.self)
            let batchSize = try run.value("batch_size", as: Int.self)
            let random = try run.random
            // The parent's weights and the epochs its lineage trained (the last value of the checkpoint).
            var network: Network
            var epochsBefore = 0
            if let state = try checkpoints.parentState(of: run), let epochs = state.last {
                network = try Network(inputs: 64, hidden: hidden, outputs: 10, activation: .relu, state: Array(state.dropLast()))
                epochsBefore = Int(epochs)
            } else {
                network = Network(inputs: 64, hidden: hidden, outputs: 10, activation: .relu, random: random)
            }
            var order = digits.train
            var error = 1.0
            for epoch in 1...stepEpochs {
                network.train(digits, order: &order, epochs: 1, batchSize: batchSize, learningRate: learningRate, weightDecay: weightDecay, random: random)
                error = network.error(digits, indices: digits.validation)
                try run.report(step: epochsBefore + epoch, value: error)
            }
            try checkpoints.save(network.state + [Double(epochsBefore + stepEpochs)], run: run)
            try run.addResult("validation_error", error, comment: "fraction of validation digits misclassified after this step")
            try run.addResult("epochs_trained", stepEpochs, comment: "epochs trained in this step")
            try run.addResult("total_epochs", epochsBefore + stepEpochs, comment: "epochs the member's weights have been trained, over all steps")
            return Fitness(error)
        }
        guard !Environment.isWorker else { return }
        if case .alreadyFinished = optimization.resumption { print("The search in \(file) had already finished.") }
        let trained = try await TrajectoryStorage(path: file).mapRuns { run -> Int in
            (try? Int(pypetValue: run["epochs_trained"] ?? .int(0))) ?? 0
        }.reduce(0, +)
        print(String(format: "\nEpochs: %d trained (%d members x %d steps x %d epochs); PBT trains each member once per step, nothing is pruned.",
                     trained, population, optimization.optimizer.generation, stepEpochs))
        guard let best, let error = best.fitness?.value, let run = best.runIndex else {
            print("No network was trained.")
            return
        }
        let values = problem.space.values(of: Array(best.genome.dropLast()))
        print("\nBest member: run \(run) (validation error \(String(format: "%.2f%%", 100 * error))):")
        for (dimension, value) in zip(problem.space.dimensions, values) { print("  \(dimension.name) = \(Self.show(value))") }
        let state = try checkpoints.state(ofRun: run)
        let network = try Network(inputs: 64, hidden: hidden, outputs: 10, activation: .relu, state: Array(state.dropLast()))
        print(String(format: "Its checkpoint (%d epochs in all): validation error %.2f%%, test error %.2f%% (%d held-out digits)",
                     Int(state.last ?? 0), 100 * network.error(digits, indices: digits.validation), 100 * network.error(digits, indices: digits.test),
                     digits.test.count))
        print("\nThe file: \(file); the members' weights: \(checkpoints.folder) (delete it when done).")
    }
}
