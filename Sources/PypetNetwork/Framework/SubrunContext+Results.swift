public import PypetCore

extension SubrunContext {
    /// Stores a spike monitor's data as the result `name` with the items `t` (spike times, ms) and `i`
    /// (neuron indices).
    public func addResult(_ name: String, spikes monitor: SpikeMonitor, comment: String = "") throws(NetworkError) {
        try build.addResult(name, items: ["t": .quantity(monitor.times), "i": .array(NDArray(monitor.indices))], comment: comment)
    }

    /// Stores a state monitor's data as the result `name` with the items `t` (sample times), the
    /// variable's name (`V`, `I_syn_e`...: a recorded-neurons x samples array with its unit) and
    /// `record` (the recorded neurons).
    public func addResult(_ name: String, states monitor: StateMonitor, comment: String = "") throws(NetworkError) {
        let values = monitor.values
        let items: KeyValuePairs<String, PypetValue> =
            switch monitor.variable {
            case .potential: ["t": .quantity(monitor.times), "V": .quantity(values), "record": .array(NDArray(monitor.recorded))]
            case .excitatory: ["t": .quantity(monitor.times), "I_syn_e": .quantity(values), "record": .array(NDArray(monitor.recorded))]
            case .inhibitory: ["t": .quantity(monitor.times), "I_syn_i": .quantity(values), "record": .array(NDArray(monitor.recorded))]
            case .adaptation: ["t": .quantity(monitor.times), "w": .quantity(values), "record": .array(NDArray(monitor.recorded))]
            }
        try build.addResult(name, items: items, comment: comment)
    }

    /// Stores a population rate monitor's data as the result `name` with the items `t` and `rate` (Hz).
    public func addResult(_ name: String, rates monitor: PopulationRateMonitor, comment: String = "") throws(NetworkError) {
        try build.addResult(name, items: ["t": .quantity(monitor.times), "rate": .quantity(monitor.rates)], comment: comment)
    }

    /// Adds a result (see ``NetworkBuild/addResult(_:_:comment:)``).
    public func addResult(_ name: String, _ value: PypetValue, comment: String = "") throws(NetworkError) {
        try build.addResult(name, value, comment: comment)
    }
}
