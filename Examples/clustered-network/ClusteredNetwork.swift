// clustered-network: pypet's large-scale network example after Litwin-Kumar and Doiron (2012). An
// excitatory/inhibitory network of leaky integrate-and-fire neurons whose excitatory neurons form
// clusters of stronger, denser coupling; the clustering ratio R_ee is explored (one run per value, on
// every core) and each run stores its excitatory spikes and the mean Fano factor of the spike counts,
// which rises with clustering (slow switching of cluster activity).

import ArgumentParser
import Foundation
import Pypet
import PypetNetwork

@main
struct ClusteredNetwork: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clustered-network",
        abstract: "Litwin-Kumar & Doiron's clustered E/I network: the Fano factor versus the clustering ratio R_ee.")

    @Option(help: "The HDF5 file (replaced).")
    var file = "hdf5/clustered-network.hdf5"

    @Option(help: "Excitatory neurons (inhibitory: a quarter of it). The paper's 4000 by default.")
    var neurons = 4000

    @Option(help: "Runs executing at once (0 = every processor).")
    var cores = 0

    @Option(help: "Where runs execute: automatic (Swift tasks on --cores), inline, tasks, or processes (worker processes: the program re-executed, --cores of them).")
    var executor = "automatic"

    @Option(help: "Clustering ratios R_ee to explore, comma-separated.")
    var ratios = "1.0,1.5,2.0,2.5"

    @Option(help: "Initial subrun (not measured), in ms.")
    var initial = 500.0

    @Option(help: "Measured subrun, in ms (long: clusters switch on and off over seconds).")
    var measurement = 10000.0

    @Option(help: "Excitatory neurons (from index 0) whose Fano factors are averaged.")
    var fanoNeurons = 500

    @Option(help: "Seed of the runs' and the pre-build's random streams.")
    var seed: UInt64 = 42

    func validate() throws {
        guard neurons >= 80 else { throw ValidationError("--neurons must be at least 80 (one cluster)") }
        guard initial >= 0, measurement >= 100 else { throw ValidationError("--initial must be >= 0 and --measurement >= 100 ms (one Fano window)") }
        guard !parsedRatios.isEmpty, parsedRatios.allSatisfy({ $0 >= 1 }) else {
            throw ValidationError("--ratios must be a comma-separated list of numbers >= 1, e.g. 1.0,1.5,2.0,2.5")
        }
    }

    var parsedRatios: [Double] { ratios.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) } }

    func run() async throws {
        var options = EnvironmentOptions()
        options.cores = cores
        options.seed = seed
        options.overwrite = true
        options.executor = try ExecutorChoice.named(executor, limits: WorkerProcesses(workers: cores))
        let env = try Environment(
            trajectory: "clustered_network", comment: "Litwin-Kumar & Doiron (2012): Fano factor versus clustering", file: file, options: options)
        let traj = env.trajectory
        let runner = NetworkRunner(durations: [
            Subrun(name: "initial_run", duration: initial * .ms, order: 0),
            Subrun(name: "measurement_run", duration: measurement * .ms, order: 1),
        ])
        let manager = NetworkManager(
            runner: runner, components: [ClusterNeurons(excitatory: neurons), ClusterConnections(excitatory: neurons)],
            analysers: [ClusterMonitors(), FanoFactorAnalysis(neurons: fanoNeurons)])
        try manager.addParameters(to: traj)
        try traj.explore(["connections.R_ee": parsedRatios.map { .double($0) }])
        try manager.preBuild(traj, seed: seed)
        let started = Date()
        let outcomes = try await env.run { run in try manager.runNetwork(run) }
        // A worker process re-runs the program up to env.run and serves runs there; it prints nothing.
        guard !Environment.isWorker else { return }
        let elapsed = Date().timeIntervalSince(started)
        print("R_ee   mean Fano factor   E rate (Hz)")
        for outcome in outcomes {
            let ratio = try Double(pypetValue: traj.parameter("connections.R_ee").range[outcome.index])
            guard let report = outcome.value else {
                print(String(format: "%-6.2f failed: %@", ratio, outcome.failure ?? ""))
                continue
            }
            print(String(format: "%-6.2f %-18.3f %.2f", ratio, report.values["mean_fano_factor"] ?? .nan, report.values["rate_e"] ?? .nan))
        }
        print(String(format: "%d runs of %d + %d neurons in %.1f s; stored in %@ (trajectory '%@').", outcomes.count, neurons, neurons / 4, elapsed, env.file ?? file, traj.name))
    }
}
