import PypetCore
import PypetNetwork

/// A pre-built Poisson group (`noise`) and a monitor of its spikes during the subrun of order 1; reports
/// the number of spikes (`noise_spikes`) and a checksum of their times and indices (`noise_checksum`).
struct TestNoise: NetworkAnalyser {
    func preBuild(_ build: NetworkBuild) throws {
        let noise = try PoissonGroup(name: "noise", size: 20, rate: 200 * .Hz, random: try build.random("noise"))
        build.add(noise, as: "noise")
    }

    func addToNetwork(_ subrun: SubrunContext) throws {
        guard subrun.current.order == 1 else { return }
        let monitor = try SpikeMonitor(name: "noise_spikes", source: try subrun.item("noise", as: PoissonGroup.self))
        try subrun.network.add(monitor)
        subrun.setItem(monitor, for: "noise_spikes")
    }

    func analyse(_ subrun: SubrunContext) throws {
        guard subrun.current.order == 1 else { return }
        let monitor = try subrun.item("noise_spikes", as: SpikeMonitor.self)
        let checksum = zip(try monitor.times.values(in: .ms), monitor.indices).reduce(0.0) { $0 + $1.0 * Double($1.1 + 1) }
        subrun.build.report("noise_spikes", Double(monitor.count))
        subrun.build.report("noise_checksum", checksum)
        try subrun.network.remove(monitor)
    }
}
