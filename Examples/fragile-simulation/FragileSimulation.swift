// fragile-simulation: a parameter sweep over a small simulation (a noisy logistic map and its Lyapunov
// exponent) in which some parameter points crash (a bad memory access), never end, or allocate without
// bound. With `--executor processes` every run executes in a worker process: the sweep finishes, each bad
// run is recorded as failed with its cause (signal, timeout, out of memory), and `pypet status` /
// `pypet runs --status failed` show them. With `--executor inline` the first crash takes the program down.

import ArgumentParser
import Foundation
import Pypet

@main
struct FragileSimulation: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fragile-simulation",
        abstract: "A sweep whose bad points crash, hang or eat memory; worker processes let it finish.")

    @Option(help: "The HDF5 file (replaced unless --resume).")
    var file = "hdf5/fragile-simulation.hdf5"

    @Option(help: "Parameter points: growth rates r evenly spaced in [2.8, 4.0].")
    var points = 16

    @Option(help: "Map iterations per run.")
    var steps = 20_000

    @Option(help: "Where runs execute: inline, tasks or processes.")
    var executor = "processes"

    @Option(help: "Worker processes (or tasks) at once; 0 = one per processor.")
    var workers = 2

    @Option(help: "Seconds a run may take in a worker process before it is killed (failed: timeout).")
    var timeout: Double = 5

    @Option(help: "Megabytes of memory a worker process may use (failed: out of memory).")
    var memoryLimit = 512

    @Option(help: "How often a run whose worker died is tried again in a fresh worker.")
    var retries = 0

    @Option(help: "Run indices whose simulation writes through a bad pointer (comma-separated; none: '').")
    var crashAt = "3"

    @Option(help: "Run indices whose simulation never ends.")
    var hangAt = "7"

    @Option(help: "Run indices whose simulation allocates without bound.")
    var leakAt = "11"

    @Option(help: "Run indices whose simulation writes junk into a descriptor it does not own.")
    var strayWriteAt = ""

    @Option(help: "Run indices that crash on their first attempt only (with --retries they then succeed); the attempts are counted in files of this folder.")
    var flakyAt = ""

    @Option(help: "Folder for the attempt counters of --flaky-at.")
    var attemptsFolder = "hdf5/fragile-attempts"

    @Option(help: "Seed of the runs' random streams.")
    var seed: UInt64 = 42

    @Flag(help: "Continue the trajectory in an existing file (failed runs are run again).")
    var resume = false

    func run() async throws {
        var options = EnvironmentOptions()
        options.seed = seed
        options.resume = resume
        options.overwrite = true
        options.cores = workers
        options.progress = .none
        options.executor = try ExecutorChoice.named(
            executor,
            limits: WorkerProcesses(workers: workers, retries: retries, timeout: timeout, memoryLimit: memoryLimit << 20))
        let env = try Environment(trajectory: "fragile", comment: "a sweep with crashing, hanging and leaking points", file: file, options: options)
        if !env.isResumed {
            try env.trajectory.addParameter("r", 3.0, comment: "growth rate of the logistic map")
            try env.trajectory.addParameter("fault", "none", comment: "what goes wrong at this point: none, crash, hang, leak, flaky, stray-write")
            try env.trajectory.addParameter("steps", steps, comment: "map iterations")
            let faults = try faultsByRun()
            let rates = (0..<points).map { 2.8 + 1.2 * Double($0) / Double(max(1, points - 1)) }
            try env.trajectory.explore([
                "r": rates.map { .double($0) },
                "fault": (0..<points).map { .string(faults[$0] ?? "none") },
            ])
        }
        let attempts = attemptsFolder
        if !flakyAt.isEmpty { try FileManager.default.createDirectory(atPath: attempts, withIntermediateDirectories: true) }
        let outcomes: [RunOutcome<Double>]
        do {
            outcomes = try await env.run { run in
                let r = try run.value("r", as: Double.self)
                let steps = try run.value("steps", as: Int.self)
                try Faults.trigger(try run.value("fault", as: String.self), run: run.index, attempts: attempts)
                let (lyapunov, mean) = LogisticMap.simulate(r: r, steps: steps, noise: 1e-9, random: try run.random)
                try run.addResult("lyapunov", lyapunov, comment: "Lyapunov exponent estimate")
                try run.addResult("mean", mean, comment: "mean of x over the trajectory")
                return lyapunov
            }
        } catch {
            guard error.code == .interrupted else { throw error }
            print("Interrupted: \(error.completedRuns) runs are in \(file); run again with --resume.")
            throw ExitCode(130)
        }
        guard !Environment.isWorker else { return }
        let failed = outcomes.filter { !$0.isCompleted }
        print("\(outcomes.count - failed.count) of \(outcomes.count) runs completed, \(failed.count) failed; file \(file)")
        for outcome in failed { print("  run \(outcome.index) failed: \(outcome.failure ?? "")") }
        print("See them with: pypet status \(file); pypet runs \(file) --status failed")
    }

    /// The fault of each run index given by the options.
    private func faultsByRun() throws -> [Int: String] {
        var faults: [Int: String] = [:]
        for (fault, list) in [("crash", crashAt), ("hang", hangAt), ("leak", leakAt), ("flaky", flakyAt), ("stray-write", strayWriteAt)] {
            for field in list.split(separator: ",") {
                guard let index = Int(field.trimmingCharacters(in: .whitespaces)), index >= 0 else {
                    throw ValidationError("'\(field)' is not a run index (in the --\(fault)-at list)")
                }
                faults[index] = fault
            }
        }
        return faults
    }
}
