// multiply: the first example of the pypet paper. Explores x in {1, 2, 3, 4} times y in {6, 7, 8}, stores
// z = x * y per run as result `z`, and prints the products. Ctrl-C once finishes the active runs and
// stops (the file keeps every finished run); run the command again to do the rest.

import ArgumentParser
import Foundation
import Pypet

@main
struct Multiply: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "multiply", abstract: "pypet's first example: z = x * y for every (x, y), stored per run.")

    @Option(help: "The HDF5 file.")
    var file = "hdf5/multiply.hdf5"

    @Option(help: "Runs executing at once (0 = every processor).")
    var cores = 1

    @Option(help: "Seed of the runs' random streams (recorded with the environment).")
    var seed: UInt64 = 42

    @Option(help: "Simulated work per run in milliseconds (to watch progress or try Ctrl-C).")
    var workMilliseconds = 0

    @Flag(help: "Continue the trajectory in an existing file instead of creating a new one.")
    var resume = false

    func run() async throws {
        var options = EnvironmentOptions()
        options.cores = cores
        options.seed = seed
        let env: Environment
        if resume, FileManager.default.fileExists(atPath: file) {
            env = try Environment.loading(trajectory: "multiply", file: file, options: options)
        } else {
            options.overwrite = true
            env = try Environment(trajectory: "multiply", comment: "x times y, pypet's first example", file: file, options: options)
            try env.trajectory.addParameter("x", 1.0, comment: "first factor")
            try env.trajectory.addParameter("y", 1.0, comment: "second factor")
            var product = CartesianProduct()
            try product.add("x", [1.0, 2.0, 3.0, 4.0])
            try product.add("y", [6.0, 7.0, 8.0])
            try env.trajectory.explore(product.ranges)
        }
        let work = workMilliseconds
        let outcomes: [RunOutcome<Double>]
        do {
            outcomes = try await env.run { run in
                if work > 0 { try await Task.sleep(for: .milliseconds(work)) }
                let z = try run.x.value(as: Double.self) * run.y.value(as: Double.self)
                try run.addResult("z", z, comment: "the product of x and y")
                return z
            }
        } catch {
            guard error.code == .interrupted else { throw error }
            print("Interrupted: \(error.completedRuns) runs completed and stored in \(file); run again with --resume to finish.")
            throw ExitCode(130)
        }
        for outcome in outcomes {
            let x = try Double(pypetValue: env.trajectory.parameter("x").range[outcome.index])
            let y = try Double(pypetValue: env.trajectory.parameter("y").range[outcome.index])
            print("run \(outcome.index): \(x) * \(y) = \(outcome.value.map { "\($0)" } ?? "failed: \(outcome.failure ?? "")")")
        }
        print("Stored \(outcomes.count) runs in \(file) (trajectory 'multiply').")
    }
}
