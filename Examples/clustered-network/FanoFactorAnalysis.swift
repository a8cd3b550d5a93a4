import PypetCore
import PypetNetwork

/// After the last subrun: the mean Fano factor (variance over mean of the spike counts in consecutive
/// windows) of the first excitatory neurons over the measurement subrun, as the result
/// `statistics.mean_fano_factor`; also the mean excitatory rate.
struct FanoFactorAnalysis: NetworkAnalyser {
    let neurons: Int

    func addParameters(to trajectory: Trajectory) throws {
        try trajectory.addParameter("analysis.statistics.time_window", 100 * .ms, comment: "Window of the spike counts")
        try trajectory.addParameter("analysis.statistics.neurons", neurons, comment: "Number of excitatory neurons (from 0) averaged over")
    }

    func analyse(_ subrun: SubrunContext) throws {
        guard subrun.remaining.isEmpty else { return }
        let p = subrun.build.parameters
        let spikes = try subrun.item("spikes_e", as: SpikeMonitor.self)
        let start = try p.value("simulation.durations.initial_run", as: Quantity.self)
        let end = try start + p.value("simulation.durations.measurement_run", as: Quantity.self)
        let window = try p.value("analysis.statistics.time_window", as: Quantity.self)
        let count = min(try p.value("analysis.statistics.neurons", as: Int.self), spikes.source.size)
        let fano = try FanoFactor.mean(spikes, neurons: count, from: start, to: end, window: window)
        let seconds = try (end - start).value(in: .second)
        let rate = Double(try spikes.spikeCounts(from: start, to: end).reduce(0, +)) / (Double(spikes.source.size) * seconds)
        try subrun.addResult("statistics.mean_fano_factor", .double(fano), comment: "Mean Fano factor of the excitatory spike counts")
        try subrun.addResult("statistics.rate_e", .quantity(rate * .Hz), comment: "Mean excitatory rate in the measurement")
        subrun.build.report("mean_fano_factor", fano)
        subrun.build.report("rate_e", rate)
    }
}
