import PypetCore
import PypetNetwork

/// Measures the population rate during the measurement subrun (order 1) and reports it as `rate` (Hz);
/// stores it as the run's result `rate`.
struct RateMeter: NetworkAnalyser {
    func addToNetwork(_ subrun: SubrunContext) throws {
        guard subrun.current.order == 1 else { return }
        let monitor = try PopulationRateMonitor(name: "rate", source: try subrun.item("population", as: NeuronGroup.self))
        try subrun.network.add(monitor)
        subrun.setItem(monitor, for: "rate")
    }

    func analyse(_ subrun: SubrunContext) throws {
        guard subrun.current.order == 1 else { return }
        let rate = try subrun.item("rate", as: PopulationRateMonitor.self).meanRate
        try subrun.addResult("rate", .quantity(rate), comment: "Mean population rate in the measurement")
        subrun.build.report("rate", try rate.value(in: .Hz))
    }
}
