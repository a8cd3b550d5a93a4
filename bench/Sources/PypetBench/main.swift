// pypet-bench: the Swift side of swift-pypet's benchmarks. Each invocation runs one workload once and
// prints one JSON line; bench/run.py repeats it, runs the Python anchors, and reports medians and ratios.

import ArgumentParser
import Foundation
import HDF5
import PypetCore
import PypetStorage
import Pypet
import PypetAlgorithms
import PypetMPI

@main
struct PypetBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pypet-bench",
        abstract: "Run one swift-pypet benchmark workload once and print its timing as JSON.",
        subcommands: [Append.self, Expand.self, Lookup.self, Store.self, Load.self, EnvironmentRuns.self, GABenchmark.self, MapRuns.self])
}

/// Appending doubles to one extendible, chunked dataset: one value per call, or in batches.
struct Append: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Append --count doubles to one extendible dataset, --batch values per call.")

    @Option(help: "Values to append in total.")
    var count = 100_000

    @Option(help: "Values per append call.")
    var batch = 1

    @Option(help: "Deflate level (0-9), or -1 for no compression filter.")
    var deflate = 4

    @Option(help: "Chunk size in values.")
    var chunk = 4096

    @Flag(help: "Append through an HDF5Appender (buffers a chunk of values per write).")
    var buffered = false

    @Option(help: "Scratch HDF5 file (replaced).")
    var file = "bench/results/append-swift.h5"

    func validate() throws {
        guard count > 0, batch > 0, chunk > 0 else { throw ValidationError("--count, --batch and --chunk must be positive") }
        guard (-1...9).contains(deflate) else { throw ValidationError("--deflate must be -1...9") }
    }

    func run() throws {
        try FileManager.default.createDirectory(
            atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let values = (0..<count).map { Double($0) * 0.001 }
        let clock = ContinuousClock()
        let start = clock.now
        let h5 = try HDF5File.create(file, ifExists: .truncate)
        let dataset = try h5.root.createDataset(
            "series", of: Double.self, shape: [0],
            options: .extendible(chunkRows: chunk, deflate: deflate >= 0 ? deflate : nil))
        let appender = buffered ? try HDF5Appender<Double>(dataset) : nil
        var offset = 0
        while offset < count {
            let end = min(count, offset + batch)
            let block = batch == 1 ? [values[offset]] : Array(values[offset..<end])
            if let appender { try appender.append(block) } else { try dataset.append(block) }
            offset = end
        }
        try appender?.flush()
        try h5.close()
        let seconds = (clock.now - start) / .seconds(1)
        let check = try HDF5File.open(file)
        guard try check.root.openDataset("series").count == count else {
            throw ValidationError("the file does not hold \(count) values")
        }
        try check.close()
        let record: [String: Any] = [
            "workload": "append", "implementation": buffered ? "swift-pypet appender" : "swift-pypet", "count": count, "batch": batch,
            "deflate": deflate, "seconds": seconds, "values_per_second": Double(count) / seconds,
        ]
        try emit(record)
    }
}

/// Expanding a trajectory by `--points` points `--expansions` times; reports the cost of the first and
/// the last `--window` expansions, which must stay the same (append-only, O(new points)).
struct Expand: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Expand a trajectory repeatedly and time the first and last expansions.")

    @Option(help: "Points per expansion.")
    var points = 100

    @Option(help: "Number of expansions.")
    var expansions = 10_000

    @Option(help: "Expansions timed at the start and at the end.")
    var window = 500

    func validate() throws {
        guard points > 0, expansions > 0, window > 0, window <= expansions else {
            throw ValidationError("--points, --expansions and --window must be positive, window <= expansions")
        }
    }

    func run() throws {
        let traj = try Trajectory(name: "bench")
        try traj.addParameter("x", 0.0)
        try traj.addParameter("y", 0)
        let clock = ContinuousClock()
        var durations: [Double] = []
        durations.reserveCapacity(expansions)
        let total = clock.now
        for expansion in 0..<expansions {
            let base = expansion * points
            let xs = (0..<points).map { PypetValue.double(Double(base + $0) * 0.5) }
            let ys = (0..<points).map { PypetValue.int(base + $0) }
            let start = clock.now
            try traj.expand(["x": xs, "y": ys])
            durations.append((clock.now - start) / .seconds(1))
        }
        let seconds = (clock.now - total) / .seconds(1)
        guard traj.length == points * expansions else { throw ValidationError("wrong length \(traj.length)") }
        let first = durations.prefix(window).sorted()[window / 2]
        let last = durations.suffix(window).sorted()[window / 2]
        let record: [String: Any] = [
            "workload": "expand", "implementation": "swift-pypet", "points": points, "expansions": expansions,
            "seconds": seconds, "first_median_s": first, "last_median_s": last, "last_over_first": last / first,
            "seconds_per_expansion": seconds / Double(expansions),
        ]
        try emit(record)
    }
}

/// Shortcut lookups (`traj.gL`) in a trajectory with nested parameter groups and many run results.
struct Lookup: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Time natural-naming shortcut lookups.")

    @Option(help: "Number of lookups.")
    var count = 1_000_000

    @Option(help: "Run result groups in the tree (noise for the search).")
    var runs = 1000

    func run() throws {
        let traj = try Trajectory(name: "bench")
        for group in 0..<10 {
            for leaf in 0..<5 { try traj.addParameter("group\(group).sub.p\(group)_\(leaf)", Double(leaf)) }
        }
        try traj.addParameter("neuron.gL", 10.0)
        for run in 0..<runs { try traj.addResult("runs.run_\(String(format: "%08d", run)).rate", .double(Double(run))) }
        let clock = ContinuousClock()
        let start = clock.now
        var sink = 0
        for _ in 0..<count {
            sink &+= try traj.gL.name.utf8.count
        }
        let seconds = (clock.now - start) / .seconds(1)
        guard sink == 2 * count else { throw ValidationError("lookups found the wrong node") }
        let record: [String: Any] = [
            "workload": "lookup", "implementation": "swift-pypet", "count": count, "seconds": seconds,
            "microseconds_per_lookup": seconds / Double(count) * 1e6,
        ]
        try emit(record)
    }
}

/// Prints one benchmark record as a JSON line with sorted keys.
func emit(_ record: [String: Any]) throws {
    let data = try JSONSerialization.data(withJSONObject: record, options: [.sortedKeys])
    print(String(decoding: data, as: UTF8.self))
}

/// N runs storing one float each with durable commits (journal, parts every 100 runs, final merge); then
/// loading the file and reading every run's value.
struct Store: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Store one float per run durably, then load them all.")

    @Option(help: "Number of runs.")
    var runs = 1000

    @Option(help: "Scratch HDF5 file (replaced).")
    var file = "bench/results/store-swift.hdf5"

    @Option(help: "Runs per sealed part file (the environment's default, EnvironmentOptions.checkpointRuns).")
    var checkpoint = 10_000

    @Flag(help: "Stop after the commit loop (for profiling the durable commit path).")
    var commitOnly = false

    @Option(help: "Run layout of the merged file: pypet or columns.")
    var layout = "pypet"

    func run() async throws {
        try FileManager.default.createDirectory(
            atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try RunStore.removeFiles(path: file)
        let trajectory = try Trajectory(name: "bench")
        try trajectory.addParameter("x", 0.0)
        try trajectory.explore(["x": (0..<runs).map { .double(Double($0)) }])
        let clock = ContinuousClock()
        guard let runLayout = RunLayout(rawValue: layout) else { throw ValidationError("--layout is pypet or columns") }
        let storage = StorageOptions(runLayout: runLayout)
        try RunStore.finish(path: file, trajectory: trajectory, options: storage)  // the skeleton, before the runs start
        let store = try RunStore(path: file, trajectoryName: trajectory.name, length: runs, checkpointRuns: checkpoint, checkpointSeconds: 3600)
        let start = clock.now
        for index in 0..<runs {
            let record = RunRecord(
                index: index, status: .completed, started: 0, finished: 0,
                leaves: [.init(
                    fullName: "results.\(runs > 1000 ? NodeName.runSet(index) : "runs").\(NodeName.run(index)).y", kind: .result,
                    items: [.init("y", .double(Double(index)))])])
            try await store.commit(record)
        }
        try await store.close()
        let committed = (clock.now - start) / .seconds(1)
        if commitOnly {
            try emit(["workload": "store-commit", "runs": runs, "seconds_per_run_committed": committed / Double(runs)])
            return
        }
        try RunStore.finish(path: file, trajectory: trajectory, options: storage)
        let total = (clock.now - start) / .seconds(1)
        let size = (try FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
        let loadStart = clock.now
        let loaded = try TrajectoryStorage(path: file).load().trajectory
        let values = try loaded.resultsFromRuns("y")
        let load = (clock.now - loadStart) / .seconds(1)
        guard values.count == runs else { throw ValidationError("loaded \(values.count) values, not \(runs)") }
        try emit([
            "workload": "store", "implementation": "swift-pypet", "layout": layout, "runs": runs,
            "seconds_per_run_committed": committed / Double(runs), "seconds_per_run_total": total / Double(runs),
            "file_bytes": size, "bytes_per_run": Double(size) / Double(runs), "load_seconds": load,
        ])
    }
}

struct Load: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Load a stored trajectory and read every run's result (profiling aid).")

    @Option(help: "HDF5 file written by `store`.")
    var file = "bench/results/store-swift.hdf5"

    @Option(help: "Result name to read from every run.")
    var result = "y"

    @Option(help: "Repetitions.")
    var repeats = 3

    @Flag(help: "Read the result from the file's results table (overview/results) instead of loading the trajectory.")
    var table = false

    func run() throws {
        let clock = ContinuousClock()
        for _ in 0..<repeats {
            let start = clock.now
            let count: Int
            if table {
                guard case .double(let values)? = try TrajectoryStorage(path: file).resultsTable()?[column: result] else {
                    throw ValidationError("\(file) has no results table with a number column '\(result)'")
                }
                count = values.count
            } else {
                count = try TrajectoryStorage(path: file).load().trajectory.resultsFromRuns(result).count
            }
            try emit(["workload": table ? "load-table" : "load", "runs": count, "load_seconds": (clock.now - start) / .seconds(1)])
        }
    }
}

struct EnvironmentRuns: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "environment",
        abstract: "Run N jobs through an Environment: empty, storing a result, or sleeping; total wall time.")

    @Option(help: "Number of runs.")
    var runs = 1000

    @Option(help: "empty (return a value), store (add a result and return), or sleep (--sleep-ms, then return).")
    var job = "empty"

    @Option(help: "Cores.")
    var cores = 1

    @Option(help: "Milliseconds each sleep job waits (busy: it keeps its core).")
    var sleepMs = 10

    @Option(help: "Where runs execute: automatic (from --cores), inline, tasks or processes (--cores worker processes).")
    var executor = "automatic"

    @Flag(help: "Do not store runs (automaticStoring off).")
    var noStoring = false

    @Flag(help: "Log the environment's phase timings (debug level) to stderr.")
    var timings = false

    @Option(help: "Run layout of the file: pypet or columns.")
    var layout = "pypet"

    @Option(help: "Scratch HDF5 file (replaced).")
    var file = "bench/results/environment-swift.hdf5"

    func run() async throws {
        try RunStore.removeFiles(path: file)
        let clock = ContinuousClock()
        let start = clock.now
        var options = EnvironmentOptions()
        options.cores = cores
        options.progress = .none
        options.logLevel = timings ? .debug : .error
        options.logFolder = nil
        options.storage.runLayout = RunLayout(rawValue: layout) ?? .pypet
        options.automaticStoring = !noStoring
        options.executor = try ExecutorChoice.namedWithMPI(executor, limits: WorkerProcesses(workers: cores))
        let env = try Environment(trajectory: "bench", file: file, options: options)
        try env.trajectory.addParameter("x", 0.0)
        try env.trajectory.explore(["x": (0..<runs).map { .double(Double($0)) }])
        let outcomes: [RunOutcome<Double>]
        switch job {
        case "empty":
            outcomes = try await env.run { run in Double(run.index) }
        case "store":
            outcomes = try await env.run { run in
                let x = try run.x.value(as: Double.self)
                try run.addResult("y", x)
                return x
            }
        case "sleep":
            let duration = Duration.milliseconds(sleepMs)
            outcomes = try await env.run { run in
                // Busy work, like a simulation step: it occupies its core for the whole duration.
                let end = ContinuousClock.now + duration
                var spins = 0.0
                while ContinuousClock.now < end { spins += 1 }
                return spins > 0 ? Double(run.index) : 0
            }
        default:
            throw ValidationError("unknown job '\(job)'")
        }
        let seconds = (clock.now - start) / .seconds(1)
        guard !Environment.isWorker else { return }
        guard outcomes.count == runs else { throw ValidationError("\(outcomes.count) outcomes for \(runs) runs") }
        try emit([
            "workload": "environment", "implementation": "swift-pypet", "job": job, "runs": runs, "cores": cores, "executor": executor,
            "storing": !noStoring, "seconds": seconds,
        ])
    }
}

/// 10-D Rastrigin, minimized.
func rastrigin(_ x: [Double]) -> Double {
    var total = 10 * Double(x.count)
    for v in x { total += v * v - 10 * cos(2 * .pi * v) }
    return total
}

struct GABenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ga", abstract: "eaSimple on 10-D Rastrigin (DEAP's settings) for several seeds, in memory or through an environment.")

    @Option(help: "Number of seeds (1...N).")
    var seeds = 10

    @Option(help: "Population size.")
    var population = 100

    @Option(help: "Generations.")
    var generations = 100

    @Flag(help: "Run through an Environment with per-generation persistence instead of in memory.")
    var environment = false

    @Option(help: "Cores (environment mode).")
    var cores = 1

    @Option(help: "Scratch HDF5 file (environment mode, replaced).")
    var file = "bench/results/ga-swift.hdf5"

    @Flag(help: "Log the environment's phase timings (debug level) to stderr.")
    var timings = false

    @Option(help: "Run layout of the file: pypet or columns.")
    var layout = "pypet"

    @Flag(help: "In memory, plain ask/tell without the Optimization driver (no statistics, hall of fame, logbook).")
    var bare = false

    func run() async throws {
        let problem = try Problem(space: .box(10, lower: -5.12, upper: 5.12), objectives: [.minimize("f")])
        var bests: [Double] = []
        var evaluations = 0
        var seconds = 0.0
        let clock = ContinuousClock()
        for seed in 1...seeds {
            let ga = try GeneticAlgorithm(
                problem: problem, seed: UInt64(seed), populationSize: population, crossoverProbability: 0.5, mutationProbability: 0.2)
            let optimization = Optimization(ga, stopping: StoppingCriteria(generations: generations + 1), hallOfFameSize: 1)
            let start = clock.now
            if environment {
                try RunStore.removeFiles(path: file)
                var options = EnvironmentOptions()
                options.cores = cores
                options.progress = .none
                options.logLevel = timings ? .debug : .error
                options.logFolder = nil
                options.storage.runLayout = RunLayout(rawValue: layout) ?? .pypet
                let env = try Environment(trajectory: "ga", file: file, options: options)
                let names = (0..<10).map { "x\($0)" }
                try await optimization.run(on: env) { run in
                    Fitness(rastrigin(try names.map { try run.value($0, as: Double.self) }))
                }
            } else if bare {
                var ga = ga
                var best = Double.infinity
                while ga.generation <= generations {
                    var batch = try ga.ask()
                    for index in batch.indices {
                        let value = rastrigin(batch[index].genome)
                        best = min(best, value)
                        batch[index].assign(Fitness(value), objectives: problem.objectives)
                    }
                    evaluations += batch.count
                    try ga.tell(batch)
                }
                seconds += (clock.now - start) / .seconds(1)
                bests.append(best)
                continue
            } else {
                try optimization.run { Fitness(rastrigin($0)) }
            }
            seconds += (clock.now - start) / .seconds(1)
            evaluations += optimization.evaluations
            bests.append(optimization.best?.fitness?.value ?? .nan)
        }
        try emit([
            "implementation": "swift-pypet", "mode": environment ? "environment" : "memory", "bests": bests,
            "evaluations": evaluations, "seconds": seconds, "evaluations_per_second": Double(evaluations) / seconds,
        ])
    }
}

/// Every run's result of a stored file through `TrajectoryStorage.mapRuns`: wall time and peak memory.
struct MapRuns: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "map-runs", abstract: "Read one result of every run of a file with mapRuns; wall time and peak resident memory.")

    @Option(help: "The file (for example written by store-runs).")
    var file: String

    @Option(help: "The result to read from each run.")
    var result = "y"

    @Option(help: "Tasks (0 = one per processor).")
    var cores = 0

    func run() async throws {
        let clock = ContinuousClock()
        let start = clock.now
        let name = result
        let values = try await TrajectoryStorage(path: file).mapRuns(cores: cores) { run -> Double in
            if case .double(let value)? = run[name] { return value }
            return .nan
        }
        let seconds = (clock.now - start) / .seconds(1)
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        try emit([
            "workload": "map-runs", "runs": values.count, "seconds": seconds, "sum": values.reduce(0, +),
            "peak_rss_mb": Double(usage.ru_maxrss) / 1024,
        ])
    }
}
