import Foundation
import GSLRandom
import Pypet
import PypetCore
import PypetNetwork
import PypetStorage
import PypetTestSupport
import Testing

@Suite("Network framework")
struct FrameworkTests {
    static let subruns = [
        Subrun(name: "third", duration: 20 * .ms, order: 42), Subrun(name: "init", duration: 50 * .ms, order: 0),
        Subrun(name: "measure", duration: 100 * .ms, order: 1),
    ]

    static func manager(analysers: [any NetworkAnalyser] = [TestRecorder()], pre: [Subrun] = []) -> NetworkManager {
        NetworkManager(runner: NetworkRunner(durations: subruns, preDurations: pre), components: [TestGroups(), TestInput()], analysers: analysers)
    }

    static func context(_ trajectory: Trajectory, index: Int = 0, explored: [String: PypetValue] = [:]) -> RunContext {
        RunContext(RunRequest(index: index, explored: explored, parameters: ParameterSnapshot(trajectory), seed: 11, usesRunSets: false))
    }

    @Test("subruns run in increasing order of their annotations; components are called around each")
    func subrunOrder() throws {
        let traj = try Trajectory(name: "order")
        let manager = Self.manager()
        try manager.addParameters(to: traj)
        #expect(try traj.parameter("simulation.durations.third").annotations["order"] == .int(42))
        try manager.preBuild(traj)
        let run = Self.context(traj)
        let report = try manager.runNetwork(run)
        #expect(report.subruns == ["init", "measure", "third"])
        #expect(abs(try report.time.value(in: .ms) - 170) < 1e-9)
        let log = try #require(report.values.keys.first { $0.hasPrefix("log:") })
        #expect(log == "log:add init,analyse init,remove init,add measure,analyse measure,remove measure,add third,analyse third,remove third")
        // The monitor recorded the measurement only: added before it, removed after it.
        #expect(run.addedNames == ["results.runs.run_00000000.monitors.spikes"])
        #expect((report.values["spikes"] ?? 0) > 0)
    }

    @Test("a subrun without an order, two subruns with one order, a run before preBuild and a missing item throw typed errors")
    func badOrders() throws {
        let traj = try Trajectory(name: "bad")
        let manager = Self.manager()
        try manager.addParameters(to: traj)
        expectError(NetworkError.Code.notPrepared, as: NetworkError.self) { try manager.runNetwork(Self.context(traj)) }
        try traj.addParameter("simulation.durations.extra", 5 * .ms)
        let missing = expectError(NetworkError.Code.invalidSubruns, as: NetworkError.self) { try manager.preBuild(traj) }
        #expect(missing?.item == "parameters.simulation.durations.extra")
        try traj.parameter("simulation.durations.extra").annotate("order", .int(1))
        let duplicate = expectError(NetworkError.Code.invalidSubruns, as: NetworkError.self) { try manager.preBuild(traj) }
        #expect(duplicate?.message.contains("order 1") == true)

        let lonely = NetworkManager(runner: NetworkRunner(durations: Self.subruns), components: [TestInput()])
        let other = try Trajectory(name: "lonely")
        try lonely.addParameters(to: other)
        try lonely.preBuild(other)
        let error = expectError(NetworkError.Code.missingItem, as: NetworkError.self) { try lonely.runNetwork(Self.context(other)) }
        #expect(error?.item == "neurons")
    }

    @Test("an analyser can cancel the remaining subruns after the first")
    func cancel() throws {
        let traj = try Trajectory(name: "cancel")
        let manager = Self.manager(analysers: [TestStopper(limit: 0), TestRecorder()])
        try manager.addParameters(to: traj)
        try manager.preBuild(traj)
        let report = try manager.runNetwork(Self.context(traj))
        #expect(report.subruns == ["init"])
        #expect(report.values["stopped"] != nil)
        let calm = Self.manager(analysers: [TestStopper(limit: 1e9), TestRecorder()])
        let other = try Trajectory(name: "calm")
        try calm.addParameters(to: other)
        try calm.preBuild(other)
        #expect(try calm.runNetwork(Self.context(other)).subruns == ["init", "measure", "third"])
    }

    @Test("pre-built elements and the pre-run state are shared by every run, which get copies")
    func preRunReuse() throws {
        let traj = try Trajectory(name: "pre")
        let manager = Self.manager(pre: [Subrun(name: "warmup", duration: 30 * .ms, order: 0)])
        try manager.addParameters(to: traj)
        try traj.explore(["input.rate": [10 * .Hz, 40 * .Hz].map { PypetValue.quantity($0) }])
        let pre = try manager.preRun(traj)
        #expect(pre.subruns == ["warmup"])
        // Every run starts where the pre-run ended.
        let first = try manager.runNetwork(Self.context(traj, index: 0, explored: ["parameters.input.rate": .quantity(10 * .Hz)]))
        #expect(abs(try first.time.value(in: .ms) - 200) < 1e-9)
        // A run does not change the shared state: the same run again gives the same spikes.
        let again = try manager.runNetwork(Self.context(traj, index: 0, explored: ["parameters.input.rate": .quantity(10 * .Hz)]))
        #expect(first == again)
        let faster = try manager.runNetwork(Self.context(traj, index: 1, explored: ["parameters.input.rate": .quantity(40 * .Hz)]))
        #expect((faster.values["spikes"] ?? 0) > (first.values["spikes"] ?? 0))
    }

    @Test("a pre-built Poisson group gives every run its own noise, the same for the same run, also after a pre-run")
    func prebuiltNoise() throws {
        for pre in [[], [Subrun(name: "warmup", duration: 20 * .ms, order: 0)]] {
            let traj = try Trajectory(name: "noise")
            let manager = Self.manager(analysers: [TestNoise(), TestRecorder()], pre: pre)
            try manager.addParameters(to: traj)
            if pre.isEmpty { try manager.preBuild(traj) } else { try manager.preRun(traj) }
            let first = try manager.runNetwork(Self.context(traj, index: 0))
            let second = try manager.runNetwork(Self.context(traj, index: 1))
            let again = try manager.runNetwork(Self.context(traj, index: 0))
            let spikes = try #require(first.values["noise_spikes"])
            // 20 neurons at 200 Hz for 100 ms: 400 spikes expected.
            #expect(spikes > 300 && spikes < 500, "\(spikes) noise spikes")
            #expect(first.values["noise_checksum"] != second.values["noise_checksum"], "runs 0 and 1 drew the same noise")
            #expect(first == again)
        }
    }

    @Test("a network run through the environment is bit-identical on 1 and 2 cores, with spike results stored in units")
    func coresDoNotMatter() async throws {
        let directory = try TemporaryDirectory()
        var reports: [[NetworkRunReport?]] = []
        var spikes: [[PypetValue]] = []
        for cores in [1, 2] {
            var options = EnvironmentOptions()
            options.cores = cores
            options.seed = 5
            options.progress = .none
            options.logLevel = .critical
            options.logFolder = directory.file("logs")
            let file = directory.file("net\(cores).hdf5")
            let env = try Environment(trajectory: "net", file: file, options: options)
            let manager = Self.manager()
            try manager.addParameters(to: env.trajectory)
            try env.trajectory.explore(["input.rate": [10, 20, 30, 40].map { PypetValue.quantity($0 * .Hz) }])
            try manager.preBuild(env.trajectory)
            let outcomes = try await env.run { run in try manager.runNetwork(run) }
            reports.append(outcomes.map(\.value))
            let loaded = try TrajectoryStorage(path: file).load()
            #expect(loaded.failures.isEmpty)
            spikes.append(try (0..<4).map { index in
                try loaded.trajectory.result("results.runs.run_0000000\(index).monitors.spikes").item("t")
            })
        }
        #expect(reports[0].allSatisfy { $0 != nil })
        #expect(reports[0] == reports[1])
        #expect(spikes[0] == spikes[1])
        guard case .quantity(let times) = spikes[0][0] else {
            Issue.record("spike times are not a quantity")
            return
        }
        #expect(times.unit == .ms)
        #expect(try times.values(in: .ms).allSatisfy { $0 >= 50 - 1e-9 && $0 < 150 })
    }

    @Test("state traces and population rates are stored as run results with their units")
    func traceResults() async throws {
        let directory = try TemporaryDirectory()
        var options = EnvironmentOptions()
        options.progress = .none
        options.logLevel = .critical
        options.logFolder = directory.file("logs")
        let file = directory.file("traces.hdf5")
        let env = try Environment(trajectory: "traces", file: file, options: options)
        let manager = Self.manager(analysers: [TestTraces()])
        try manager.addParameters(to: env.trajectory)
        try manager.preBuild(env.trajectory)
        let outcomes = try await env.run { run in try manager.runNetwork(run) }
        #expect(outcomes.count == 1 && outcomes[0].value != nil)
        let loaded = try TrajectoryStorage(path: file).load()
        let traces = try loaded.trajectory.result("results.runs.run_00000000.monitors.v")
        guard case .quantity(let v) = try traces.item("V"), case .quantity(let t) = try traces.item("t") else {
            Issue.record("the trace items are not quantities")
            return
        }
        // 100 ms sampled every 10 steps of 0.1 ms: 100 samples of 2 neurons, from 50 ms on.
        #expect(v.unit == .mV && v.shape == [2, 100])
        #expect(try t.values(in: .ms).first == 50)
        #expect(try v.values(in: .mV).allSatisfy { $0 >= -70.5 && $0 <= -50 })
        #expect(try traces.item("record") == .array(NDArray([0, 3])))
        guard case .quantity(let rate) = try loaded.trajectory.result("results.runs.run_00000000.monitors.rate").item("rate") else {
            Issue.record("the rate is not a quantity")
            return
        }
        #expect(rate.unit == .Hz && rate.count == 1000)
    }
}
