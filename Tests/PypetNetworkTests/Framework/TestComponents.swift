import GSLRandom
import PypetCore
import PypetNetwork

/// Neurons driven by a bias: pre-built unless a `model` parameter is explored.
struct TestGroups: NetworkComponent {
    func addParameters(to trajectory: Trajectory) throws {
        try trajectory.addParameter("model.size", 50)
        try trajectory.addParameter("model.bias", 150 * .pA)
    }

    func preBuild(_ build: NetworkBuild) throws {
        if !build.parameters.isExplored(below: "model") { try make(build) }
    }

    func build(_ build: NetworkBuild) throws {
        if !build.hasItem("neurons") { try make(build) }
    }

    private func make(_ build: NetworkBuild) throws {
        let group = try NeuronGroup(name: "neurons", size: try build.parameters.value("model.size"), model: NeuronModel())
        try group.setBias(try build.parameters.value("model.bias", as: Quantity.self))
        try group.randomizePotentials(from: -70 * .mV, to: -52 * .mV, random: try build.random("potentials"))
        build.add(group, as: "neurons")
    }
}

/// Poisson input onto the neurons, built in every run from the run's stream.
struct TestInput: NetworkComponent {
    func addParameters(to trajectory: Trajectory) throws {
        try trajectory.addParameter("input.rate", 20 * .Hz)
    }

    func build(_ build: NetworkBuild) throws {
        let neurons = try build.item("neurons", as: NeuronGroup.self)
        let input = try PoissonGroup(name: "input", size: 100, rate: try build.parameters.value("input.rate"), random: try build.random("input"))
        let synapses = try Synapses(name: "input_synapses", from: input, to: neurons, receptor: .excitatory, weight: 60 * .pA, delay: 1 * .ms)
        try synapses.connect(.probability(0.3), random: try build.random("input_synapses"))
        build.add(input)
        build.add(synapses)
    }
}

/// Records spikes during the subrun of order 1 only, stores them and reports the count.
struct TestRecorder: NetworkAnalyser {
    func addToNetwork(_ subrun: SubrunContext) throws {
        var log = (try? subrun.item("log", as: [String].self)) ?? []
        log.append("add \(subrun.current.name)")
        subrun.setItem(log, for: "log")
        guard subrun.current.order == 1 else { return }
        let monitor = try SpikeMonitor(name: "spikes", source: try subrun.item("neurons", as: NeuronGroup.self))
        try subrun.network.add(monitor)
        subrun.setItem(monitor, for: "spikes")
    }

    func analyse(_ subrun: SubrunContext) throws {
        var log = try subrun.item("log", as: [String].self)
        log.append("analyse \(subrun.current.name)")
        subrun.setItem(log, for: "log")
        if subrun.current.order == 1 {
            let monitor = try subrun.item("spikes", as: SpikeMonitor.self)
            try subrun.addResult("monitors.spikes", spikes: monitor)
            subrun.build.report("spikes", Double(monitor.count))
        }
    }

    func removeFromNetwork(_ subrun: SubrunContext) throws {
        var log = try subrun.item("log", as: [String].self)
        log.append("remove \(subrun.current.name)")
        subrun.setItem(log, for: "log")
        if subrun.current.order == 1 { try subrun.network.remove(try subrun.item("spikes", as: SpikeMonitor.self)) }
        if subrun.remaining.isEmpty { subrun.build.report("log:" + log.joined(separator: ","), 0) }
    }
}

/// Ends a run after its first subrun when the population fires above `limit` in it.
struct TestStopper: NetworkAnalyser {
    let limit: Double

    func addToNetwork(_ subrun: SubrunContext) throws {
        guard subrun.current.order == 0 else { return }
        let monitor = try PopulationRateMonitor(name: "rate", source: try subrun.item("neurons", as: NeuronGroup.self))
        try subrun.network.add(monitor)
        subrun.setItem(monitor, for: "rate")
    }

    func analyse(_ subrun: SubrunContext) throws {
        guard subrun.current.order == 0 else { return }
        let rate = try subrun.item("rate", as: PopulationRateMonitor.self).meanRate.value(in: .Hz)
        if rate > limit {
            subrun.remaining.removeAll()
            subrun.build.report("stopped", rate)
        }
    }
}

/// Records the potential of two neurons and the population rate during the measurement subrun and
/// stores both as results.
struct TestTraces: NetworkAnalyser {
    func addToNetwork(_ subrun: SubrunContext) throws {
        guard subrun.current.order == 1 else { return }
        let neurons = try subrun.item("neurons", as: NeuronGroup.self)
        let states = try StateMonitor(name: "v", group: neurons, variable: .potential, record: [0, 3], interval: 10)
        let rates = try PopulationRateMonitor(name: "population_rate", source: neurons)
        try subrun.network.add(states, rates)
        subrun.setItem(states, for: "v")
        subrun.setItem(rates, for: "population_rate")
    }

    func analyse(_ subrun: SubrunContext) throws {
        guard subrun.current.order == 1 else { return }
        try subrun.addResult("monitors.v", states: try subrun.item("v"))
        try subrun.addResult("monitors.rate", rates: try subrun.item("population_rate"))
    }
}
