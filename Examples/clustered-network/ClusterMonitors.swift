import PypetCore
import PypetNetwork

/// Records the excitatory spikes and the potential of a few excitatory neurons during the measurement
/// subrun (order 1), and stores them as the run's results `monitors.spikes_e` and `monitors.V`.
struct ClusterMonitors: NetworkAnalyser {
    func addParameters(to trajectory: Trajectory) throws {
        try trajectory.addParameter("analysis.neuron_records", .array(NDArray([0, 1, 100, 101])), comment: "Excitatory neurons whose potential is recorded")
    }

    func addToNetwork(_ subrun: SubrunContext) throws {
        guard subrun.current.order == 1 else { return }
        let neurons = try subrun.item("neurons_e", as: NeuronGroup.self)
        let record = try subrun.build.parameters.value("analysis.neuron_records", as: NDArray.self)
        guard case .int(let indices) = record.elements else { throw NetworkError.init(code: .invalidStructure, message: "analysis.neuron_records must hold integers") }
        let spikes = try SpikeMonitor(name: "spikes_e", source: neurons)
        let potential = try StateMonitor(name: "V", group: neurons, variable: .potential, record: indices.filter { $0 < neurons.size }, interval: 10)
        try subrun.network.add(spikes, potential)
        subrun.setItem(spikes, for: "spikes_e")
        subrun.setItem(potential, for: "V")
    }

    func analyse(_ subrun: SubrunContext) throws {
        guard subrun.current.order == 1 else { return }
        try subrun.addResult("monitors.spikes_e", spikes: try subrun.item("spikes_e"), comment: "Spike times of the excitatory population")
        try subrun.addResult("monitors.V", states: try subrun.item("V"), comment: "Membrane potential of a few excitatory neurons")
    }

    func removeFromNetwork(_ subrun: SubrunContext) throws {
        guard subrun.current.order == 1 else { return }
        try subrun.network.remove(try subrun.item("spikes_e", as: SpikeMonitor.self))
        try subrun.network.remove(try subrun.item("V", as: StateMonitor.self))
    }
}
