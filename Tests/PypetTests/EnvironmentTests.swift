import Foundation
import Pypet
import PypetTestSupport
import Testing

/// Options for tests: quiet, log files inside the temporary directory.
func quietOptions(_ directory: TemporaryDirectory, cores: Int = 1, seed: UInt64 = 7) -> EnvironmentOptions {
    var options = EnvironmentOptions()
    options.cores = cores
    options.seed = seed
    options.progress = .none
    options.logLevel = .critical
    options.logFolder = directory.file("logs")
    return options
}

/// The multiply example's trajectory: x in 1...4 times y in 6...8.
func multiplyEnvironment(
    _ directory: TemporaryDirectory, file: String, cores: Int = 1, name: String = "multiply", layout: RunLayout = .pypet
) throws -> Environment {
    var options = quietOptions(directory, cores: cores)
    options.storage.runLayout = layout
    let env = try Environment(trajectory: name, comment: "x times y", file: file, options: options)
    try env.trajectory.addParameter("x", 1.0, comment: "first factor")
    try env.trajectory.addParameter("y", 1.0, comment: "second factor")
    var product = CartesianProduct()
    try product.add("x", [1.0, 2.0, 3.0, 4.0])
    try product.add("y", [6.0, 7.0, 8.0])
    try env.trajectory.explore(product.ranges)
    return env
}

@Sendable func multiply(_ run: RunContext) async throws -> Double {
    let z = try run.x.value(as: Double.self) * run.y.value(as: Double.self)
    try run.addResult("z", z, comment: "the product")
    return z
}

/// Every leaf value of the data branches and the run status of a stored trajectory, for comparisons.
func fileData(_ path: String) throws -> [String: String] {
    let trajectory = try TrajectoryStorage(path: path).load().trajectory
    var data: [String: String] = [:]
    for branch in [trajectory.parameters, trajectory.derivedParameters, trajectory.results] {
        for leaf in branch.leaves() {
            switch leaf {
            case let parameter as Parameter: data[leaf.fullName] = "\(parameter.defaultValue) \(parameter.range)"
            case let result as ResultNode:
                data[leaf.fullName] = try result.itemNames.map { "\($0)=\(try result.item($0))" }.joined(separator: ",")
            default: continue
            }
        }
    }
    for info in trajectory.runInformation {
        data["run \(info.index)"] = "\(info.completed) \(info.failure ?? "")"
    }
    return data
}

@Suite("Environment")
struct EnvironmentTests {
    @Test("run returns (index, value) sorted by run index and stores every run's result in the file")
    func runsAndStores() async throws {
        let directory = try TemporaryDirectory()
        let file = directory.file("multiply.hdf5")
        let env = try multiplyEnvironment(directory, file: file)
        let outcomes = try await env.run(multiply)
        #expect(outcomes.map(\.index) == Array(0..<12))
        #expect(outcomes.map(\.value) == [6, 7, 8, 12, 14, 16, 18, 21, 24, 24, 28, 32].map { Optional(Double($0)) })
        #expect(outcomes.allSatisfy { $0.isCompleted })
        #expect(!FileManager.default.fileExists(atPath: file + ".journal"))
        #expect(!FileManager.default.fileExists(atPath: file + ".parts"))

        let loaded = try TrajectoryStorage(path: file).load().trajectory
        let z = try loaded.resultsFromRuns("z")
        #expect(z.count == 12)
        #expect(z[5] == .double(16))
        #expect(try loaded.result("results.runs.run_00000005.z").comment == "the product")
        #expect(loaded.runInformation.allSatisfy { $0.completed })
        // The environment's record.
        let records = (loaded.config.directChild("environment") as? GroupNode)?.children ?? []
        #expect(records.count == 1)
        #expect(records.first?.name == env.name)
        let hexsha = try loaded.parameter("config.environment.\(env.name).hexsha").value(as: String.self)
        #expect(hexsha == env.hexsha && hexsha.count == 40)
        for key in ["swift_pypet_version", "swift_version", "hdf5_version", "gsl_version", "host", "cores", "seed", "command_line", "timestamp"] {
            #expect((try? loaded.parameter("config.environment.\(env.name).\(key)")) != nil, "missing \(key)")
        }
        // Run data left memory once committed.
        #expect(try env.trajectory.resultsFromRuns("z").isEmpty)
        // What the jobs returned is committed with the runs.
        #expect(try TrajectoryStorage(path: file).runValues() == Dictionary(uniqueKeysWithValues: outcomes.map { ($0.index, PypetValue.double($0.value ?? 0)) }))
    }

    @Test("serial, 2 and 4 cores give identical results and file data")
    func coresDoNotMatter() async throws {
        let directory = try TemporaryDirectory()
        var results: [[RunOutcome<Double>]] = []
        var files: [[String: String]] = []
        for cores in [1, 2, 4] {
            let file = directory.file("cores\(cores).hdf5")
            let env = try Environment(trajectory: "noise", file: file, options: quietOptions(directory, cores: cores))
            try env.trajectory.addParameter("sigma", 1.0)
            try env.trajectory.explore(["sigma": (1...40).map { .double(Double($0) / 10) }])
            let outcomes = try await env.run { run in
                // Uneven durations shuffle the finishing order on several cores.
                try await Task.sleep(for: .microseconds((run.index * 7919) % 5 * 300))
                let sigma = try run.sigma.value(as: Double.self)
                let draw = try run.random.gaussian(mean: 0, sigma: sigma)
                try run.addResult("draw", draw)
                try run.addDerivedParameter("variance", .double(sigma * sigma))
                return draw
            }
            results.append(outcomes)
            files.append(try fileData(file))
        }
        #expect(results[0] == results[1])
        #expect(results[0] == results[2])
        #expect(files[0] == files[1])
        #expect(files[0] == files[2])
        #expect(files[0]["derived_parameters.runs.run_00000003.variance"] != nil)
    }

    @Test("natural naming in a run: shortcuts, groups, aliases, explored values, typed errors")
    func runContextLookup() async throws {
        let directory = try TemporaryDirectory()
        let env = try Environment(trajectory: "lookup", file: directory.file("lookup.hdf5"), options: quietOptions(directory))
        try env.trajectory.addParameter("neuron.gL", 0.5)
        try env.trajectory.addParameter("neuron.tau", 10.0)
        try env.trajectory.addParameter("synapse.tau", 5.0)
        try env.trajectory.addConfig("steps", .int(3))
        try env.trajectory.explore(["neuron.gL": [1.0, 2.0]])
        let outcomes = try await env.run { run -> String in
            let gL = try run.gL.value(as: Double.self)
            #expect(try run.neuron.gL.value(as: Double.self) == gL)
            #expect(try run.par.neuron.tau.value(as: Double.self) == 10)
            #expect(try run["parameters.synapse.tau"] == .double(5))
            #expect(try run.steps.value(as: Int.self) == 3)
            #expect(run.exploredValues == ["parameters.neuron.gL": .double(gL)])
            let ambiguous = expectError(.ambiguous, as: TrajectoryError.self) { try run.tau.value(as: Double.self) }
            #expect(ambiguous?.candidates.count == 2)
            expectError(.notFound, as: TrajectoryError.self) { try run.missing.value(as: Double.self) }
            expectError(.typeMismatch, as: TrajectoryError.self) { try run.gL.value(as: Int.self) }
            try run.addResult("plain", 1.0)
            try run.addResult("$set.$.bucketed", items: ["a": .int(1), "b": .string("two")])
            expectError(.alreadyExists, as: TrajectoryError.self) { try run.addResult("plain", 2.0) }
            expectError(.invalidName, as: TrajectoryError.self) { try run.addResult("bad name", 2.0) }
            return run.name + " " + run.setName
        }
        #expect(outcomes.map(\.value) == ["run_00000000 run_set_00000", "run_00000001 run_set_00000"])
        let loaded = try TrajectoryStorage(path: directory.file("lookup.hdf5")).load().trajectory
        #expect(try loaded.result("results.runs.run_00000001.plain").value == .double(1))
        #expect(try loaded.result("results.run_set_00000.run_00000001.bucketed").item("b") == .string("two"))
    }

    @Test("run sets: results go to results.run_set_XXXXX.run_XXXXXXXX")
    func runSets() async throws {
        let directory = try TemporaryDirectory()
        var options = quietOptions(directory)
        options.runGrouping = .runSets
        let env = try Environment(trajectory: "sets", file: directory.file("sets.hdf5"), options: options)
        try env.trajectory.addParameter("x", 0)
        try env.trajectory.explore(["x": (0..<3).map { .int($0) }])
        try await env.run { run in try run.addResult("y", .int(try run.x.value(as: Int.self) * 2)) }
        let loaded = try TrajectoryStorage(path: directory.file("sets.hdf5")).load().trajectory
        #expect(try loaded.result("results.run_set_00000.run_00000002.y").value == .int(4))
        #expect(try loaded.resultsFromRuns("y") == [0: .int(0), 1: .int(2), 2: .int(4)])
    }

    @Test("extra arguments, run_map and pipelines")
    func runForms() async throws {
        let directory = try TemporaryDirectory()
        let env = try multiplyEnvironment(directory, file: directory.file("forms.hdf5"))
        let shifted = try await env.run({ run, offset in try run.x.value(as: Double.self) + offset }, arguments: 100.0)
        #expect(shifted.first?.value == 101)

        let env2 = try multiplyEnvironment(directory, file: directory.file("map.hdf5"))
        let mapped = try await env2.runMap({ run, label in "\(label)-\(run.index)" }, arguments: (0..<12).map { "arg\($0)" })
        #expect(mapped.map(\.value) == (0..<12).map { "arg\($0)-\($0)" })

        let env3 = try multiplyEnvironment(directory, file: directory.file("wrongmap.hdf5"))
        await expectError(.invalidArgument, as: EnvironmentError.self) {
            try await env3.runMap({ _, label in label }, arguments: ["only one"])
        }

        let env4 = try Environment(trajectory: "pipeline", file: directory.file("pipeline.hdf5"), options: quietOptions(directory))
        var seen: [Double] = []
        let outcomes = try await env4.pipeline { trajectory in
            try trajectory.addParameter("a", 0.0)
            try trajectory.explore(["a": [1.0, 2.0, 3.0]])
            return Pipeline(
                job: { run in try run.a.value(as: Double.self) * 10 },
                postProcessing: .afterRuns { _, outcomes in
                    seen = outcomes.compactMap(\.value)
                    return nil
                })
        }
        #expect(outcomes.count == 3)
        #expect(seen == [10, 20, 30])
    }

    @Test("completed runs are skipped when the trajectory runs again; a loaded trajectory continues")
    func skipsCompleted() async throws {
        let directory = try TemporaryDirectory()
        let file = directory.file("again.hdf5")
        let env = try multiplyEnvironment(directory, file: file)
        #expect(try await env.run(multiply).count == 12)
        #expect(try await env.run(multiply).isEmpty)

        let continued = try Environment.loading(trajectory: "multiply", file: file, options: quietOptions(directory))
        try continued.trajectory.expand(["x": [5.0], "y": [9.0]])
        let more = try await continued.run(multiply)
        #expect(more.map(\.index) == [12])
        #expect(more.first?.value == 45)
        let loaded = try TrajectoryStorage(path: file).load().trajectory
        #expect(loaded.length == 13)
        #expect(try loaded.resultsFromRuns("z").count == 13)
        let records = (loaded.config.directChild("environment") as? GroupNode)?.children.map(\.name) ?? []
        #expect(records.count == 2)
        #expect(records.contains(env.name) && records.contains(continued.name))
    }

    @Test("a file holding another trajectory of the same name is refused")
    func refusesOtherTrajectory() async throws {
        let directory = try TemporaryDirectory()
        let file = directory.file("taken.hdf5")
        let env = try multiplyEnvironment(directory, file: file)
        try await env.run(multiply)
        try await Task.sleep(for: .milliseconds(5))
        let error = expectError(.alreadyExists, as: EnvironmentError.self) { try multiplyEnvironment(directory, file: file) }
        #expect(error?.file == file)
    }

    @Test("bad options are typed errors")
    func badOptions() throws {
        let directory = try TemporaryDirectory()
        var options = quietOptions(directory)
        options.cores = -1
        expectError(.invalidArgument, as: EnvironmentError.self) { try Environment(trajectory: "t", file: directory.file("t.h5"), options: options) }
        options = quietOptions(directory)
        options.failurePolicy = .stopAfter(0)
        expectError(.invalidArgument, as: EnvironmentError.self) { try Environment(trajectory: "t", file: directory.file("t.h5"), options: options) }
        expectError(.trajectory, as: EnvironmentError.self) { try Environment(trajectory: "bad name", file: directory.file("t.h5"), options: quietOptions(directory)) }
    }

    @Test("without automatic storing nothing is written and values are only returned")
    func noStoring() async throws {
        let directory = try TemporaryDirectory()
        var options = quietOptions(directory)
        options.automaticStoring = false
        let env = try Environment(trajectory: "memory", file: directory.file("never.hdf5"), options: options)
        try env.trajectory.addParameter("x", 1)
        try env.trajectory.explore(["x": [1, 2, 3]])
        let outcomes = try await env.run { run in try run.x.value(as: Int.self) * 3 }
        #expect(outcomes.map(\.value) == [3, 6, 9])
        #expect(env.file == nil)
        #expect(!FileManager.default.fileExists(atPath: directory.file("never.hdf5")))
        #expect(env.trajectory.runInformation.allSatisfy { $0.completed })
    }

    @Test("keepRunResults keeps each run's results in the in-memory trajectory")
    func keepsResults() async throws {
        let directory = try TemporaryDirectory()
        var options = quietOptions(directory, cores: 2)
        options.keepRunResults = true
        let env = try Environment(trajectory: "kept", file: directory.file("kept.hdf5"), options: options)
        try env.trajectory.addParameter("x", 1)
        try env.trajectory.explore(["x": [1, 2, 3]])
        try await env.run { run in try run.addResult("y", .int(try run.x.value(as: Int.self) + 1)) }
        #expect(try env.trajectory.resultsFromRuns("y") == [0: .int(2), 1: .int(3), 2: .int(4)])
    }
}

@Suite("Documentation examples")
struct DocumentationExampleTests {
    @Test("the README's environment example runs and its adaptive loop ends")
    func readmeExample() async throws {
        let directory = try TemporaryDirectory()
        let env = try Environment(trajectory: "multiply", comment: "x times y", file: directory.file("multiply.hdf5"), options: quietOptions(directory))
        try env.trajectory.addParameter("x", 1.0)
        try env.trajectory.addParameter("y", 1.0)
        var product = CartesianProduct()
        try product.add("x", [1.0, 2.0, 3.0, 4.0])
        try product.add("y", [6.0, 7.0, 8.0])
        try env.trajectory.explore(product.ranges)
        let outcomes = try await env.run(
            { run in
                let z = try run.x.value(as: Double.self) * run.y.value(as: Double.self)
                try run.addResult("z", z)
                return z
            },
            postProcessing: .afterRuns { traj, outcomes in
                let best = outcomes.compactMap(\.value).max() ?? 0
                return best < 100 ? ["x": [.double(best)], "y": [2.0]] : nil
            })
        #expect(outcomes.compactMap(\.value).suffix(2) == [64, 128])
        #expect(env.trajectory.length == 14)
    }
}
