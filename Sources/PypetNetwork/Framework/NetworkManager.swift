import Foundation
import GSLRandom
public import Pypet
public import PypetCore

/// Organises a network simulation from components: adds their parameters, pre-builds what every run
/// shares, optionally pre-runs the network once, and runs one network per run of the environment
/// (``runNetwork(_:)`` is the environment's job).
///
/// Components are called in the order given: first `components`, then `analysers`, then the runner
/// (building and adding to the network), and the reverse when removing from the network. A component
/// that needs another's items comes after it.
///
/// ```swift
/// let manager = NetworkManager(runner: NetworkRunner(durations: [...]), components: [Groups(), Connections()],
///                              analysers: [Recorder()])
/// try manager.addParameters(to: env.trajectory)
/// try manager.preBuild(env.trajectory)
/// let outcomes = try await env.run { run in try manager.runNetwork(run) }
/// ```
public final class NetworkManager: @unchecked Sendable {
    // Mutable state (the pre-built network) is only written by preBuild/preRun, before the runs, and
    // read under the lock by the runs, which copy it.
    /// The runner.
    public let runner: NetworkRunner
    /// The components, in order.
    public let components: [any NetworkComponent]
    /// The analysers, in order.
    public let analysers: [any NetworkAnalyser]
    /// The time step of the networks.
    public let dt: Quantity
    private let lock = NSLock()
    private var prepared: Prepared?

    private struct Prepared {
        var subruns: [Subrun]
        var network: Network
        var elements: [any NetworkElement]
        var items: [String: Any]
        var preRunSubruns: [String]
    }

    /// A manager of `components` and `analysers` run by `runner`, simulating with time step `dt`.
    public init(runner: NetworkRunner = NetworkRunner(), components: [any NetworkComponent], analysers: [any NetworkAnalyser] = [], dt: Quantity = 0.1 * .ms) {
        self.runner = runner
        self.components = components
        self.analysers = analysers
        self.dt = dt
    }

    private var all: [any NetworkComponent] { components + analysers.map { $0 as any NetworkComponent } + [runner] }

    /// Adds the parameters of every component, analyser and the runner.
    public func addParameters(to trajectory: Trajectory) throws {
        for component in all { try component.addParameters(to: trajectory) }
    }

    /// Reads the subrun order and pre-builds the shared elements (every component's `preBuild`, with
    /// the trajectory's default values and random streams derived from `seed`). Required before
    /// ``runNetwork(_:)``; call it after exploring.
    public func preBuild(_ trajectory: Trajectory, seed: UInt64 = 42) throws {
        let subruns = try runner.subruns(in: trajectory, pre: false)
        guard !subruns.isEmpty else {
            throw NetworkError(code: .invalidSubruns, message: "there are no subrun durations in parameters.\(runner.durationsGroup); add at least one (NetworkRunner(durations:))")
        }
        let build = try makePreBuild(trajectory, seed: seed)
        for component in all { try component.preBuild(build) }
        let network = try Network(dt: dt)
        try network.add(build.elements)
        lock.withLock {
            prepared = Prepared(subruns: subruns, network: network, elements: build.elements, items: build.items, preRunSubruns: [])
        }
    }

    /// Pre-builds (``preBuild(_:seed:)``) and runs the pre-built network through the pre-run subruns
    /// (`parameters.simulation.pre_durations`); every run then starts from the state it reached.
    /// Results the analysers add during the pre-run go to the trajectory.
    @discardableResult
    public func preRun(_ trajectory: Trajectory, seed: UInt64 = 42) throws -> NetworkRunReport {
        let preSubruns = try runner.subruns(in: trajectory, pre: true)
        guard !preSubruns.isEmpty else {
            throw NetworkError(code: .invalidSubruns, message: "there are no pre-run durations in parameters.\(runner.preDurationsGroup)")
        }
        try preBuild(trajectory, seed: seed)
        guard let state = lock.withLock({ prepared }) else {
            throw NetworkError(code: .notPrepared, message: "the pre-build did not finish")
        }
        let build = try makePreBuild(trajectory, seed: seed)
        build.elements = state.elements
        build.items = state.items
        let executed = try execute(network: state.network, build: build, subruns: preSubruns)
        lock.withLock { prepared?.preRunSubruns = executed }
        return NetworkRunReport(subruns: executed, time: state.network.time, values: build.reports)
    }

    /// Runs one network for `run`: copies the pre-built (or pre-run) network (pre-built Poisson groups
    /// draw from then on from a stream derived from the run's, so runs get independent noise), lets
    /// every component build, then simulates the subruns in order, calling the components around each. Use it as the
    /// environment's job: `env.run { run in try manager.runNetwork(run) }`.
    public func runNetwork(_ run: RunContext) throws -> NetworkRunReport {
        guard let (network, elements, items, subruns) = try lock.withLock({ () throws(NetworkError) -> (Network, [any NetworkElement], [String: Any], [Subrun])? in
            guard let state = prepared else { return nil }
            let (copy, map) = try state.network.copy()
            let elements = state.elements.compactMap { map[ObjectIdentifier($0)] }
            return (copy, elements, Self.remap(state.items, map), state.subruns)
        }) else {
            throw NetworkError(code: .notPrepared, message: "the manager was not prepared; call preBuild(trajectory) (or preRun) after exploring and before running")
        }
        let parameters = NetworkParameters(lookup: { name in try run[name] }, explored: Set(run.exploredValues.keys))
        let stream: RandomStream
        do {
            stream = try run.random
        } catch {
            throw NetworkError(code: .random, message: "cannot make the run's random stream: \(error)", item: run.name)
        }
        // Every named stream of the run derives from the run's stream (its seed and key path).
        let build = NetworkBuild(parameters: parameters, run: run, trajectory: nil, seed: stream.seed, keys: stream.keys)
        build.elements = elements
        build.items = items
        // A pre-built Poisson group's copy continues the pre-build's stream, the same in every run:
        // give each run's copy its own stream, derived from the run's.
        for case let group as PoissonGroup in elements { group.reseed(try build.random(Self.noiseKey(group.name))) }
        for component in all { try component.build(build) }
        for element in build.elements where !network.contains(element) { try network.add(element) }
        // Durations may be explored: read this run's values.
        var current: [Subrun] = []
        for subrun in subruns {
            let name = "parameters." + runner.durationsGroup + "." + subrun.name
            current.append(Subrun(name: subrun.name, duration: try parameters.value(name, as: Quantity.self), order: subrun.order))
        }
        let executed = try execute(network: network, build: build, subruns: current)
        return NetworkRunReport(subruns: executed, time: network.time, values: build.reports)
    }

    private func execute(network: Network, build: NetworkBuild, subruns: [Subrun]) throws -> [String] {
        var coming = subruns
        var executed: [String] = []
        while !coming.isEmpty {
            let current = coming.removeFirst()
            let context = SubrunContext(build: build, network: network, current: current, remaining: coming)
            for component in components { try component.addToNetwork(context) }
            for analyser in analysers { try analyser.addToNetwork(context) }
            try runner.addToNetwork(context)
            try network.run(current.duration)
            executed.append(current.name)
            for analyser in analysers { try analyser.analyse(context) }
            try runner.removeFromNetwork(context)
            for analyser in analysers { try analyser.removeFromNetwork(context) }
            for component in components { try component.removeFromNetwork(context) }
            coming = context.remaining
        }
        return executed
    }

    private func makePreBuild(_ trajectory: Trajectory, seed: UInt64) throws -> NetworkBuild {
        let snapshot = ParameterSnapshot(trajectory)
        let parameters = NetworkParameters(
            lookup: { name in
                let full = try snapshot.resolve(name)
                guard let value = snapshot.values[full] else { throw NetworkError(code: .trajectory, message: "no parameter", item: name) }
                return value
            },
            explored: Set(trajectory.exploredParameterNames))
        return NetworkBuild(parameters: parameters, run: nil, trajectory: trajectory, seed: seed & 0xFFFF_FFFF, keys: [StableHash.of("pre-build")])
    }

    /// The key of the stream a run's copy of the pre-built Poisson group `name` draws from.
    static func noiseKey(_ name: String) -> String { "pypet.network.poisson." + name }

    /// Shared items with every network element replaced by its copy.
    private static func remap(_ items: [String: Any], _ map: [ObjectIdentifier: any NetworkElement]) -> [String: Any] {
        items.mapValues { value -> Any in
            if let element = value as? any NetworkElement { return map[ObjectIdentifier(element)] ?? element }
            if let list = value as? [any NetworkElement] { return list.map { map[ObjectIdentifier($0)] ?? $0 } }
            return value
        }
    }
}
