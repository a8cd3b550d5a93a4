import PypetCore
import PypetNetwork

/// The excitatory and inhibitory groups of Litwin-Kumar and Doiron (2012), in physical units.
///
/// The paper's dimensionless model (`dV/dt = (mu - V)/tau + I_syn`, threshold 1, reset 0) is written
/// with one dimensionless unit of potential = 20 mV above a -70 mV rest: threshold -50 mV, reset
/// -70 mV. Each neuron gets a constant bias current drawn uniformly so that its resting target is
/// `mu` units (E: 1.1 to 1.2, I: 1.0 to 1.05), i.e. above threshold. The groups do not depend on
/// explored parameters, so they are pre-built once and copied into every run.
struct ClusterNeurons: NetworkComponent {
    /// One dimensionless unit of potential.
    static let unitPotential = 20 * .mV
    /// The membrane resistance of both populations (100 MOhm).
    static let resistance = 100 * .Mohm

    let excitatory: Int

    func addParameters(to trajectory: Trajectory) throws {
        try trajectory.addParameter("model.N_e", excitatory, comment: "Number of excitatory neurons")
        try trajectory.addParameter("model.N_i", excitatory / 4, comment: "Number of inhibitory neurons")
        try trajectory.addParameter("model.tau_e", 15 * .ms, comment: "Membrane time constant, excitatory")
        try trajectory.addParameter("model.tau_i", 10 * .ms, comment: "Membrane time constant, inhibitory")
        try trajectory.addParameter("model.refractory", 5 * .ms, comment: "Absolute refractory period")
        try trajectory.addParameter("model.synaptic.tau_rise", 1 * .ms, comment: "Rise time of the synaptic currents")
        try trajectory.addParameter("model.synaptic.tau_e", 3 * .ms, comment: "Decay of excitatory synaptic currents")
        try trajectory.addParameter("model.synaptic.tau_i", 2 * .ms, comment: "Decay of inhibitory synaptic currents")
        try trajectory.addParameter("model.mu_e_min", 1.1, comment: "Lower bound of the excitatory bias (threshold units)")
        try trajectory.addParameter("model.mu_e_max", 1.2, comment: "Upper bound of the excitatory bias")
        try trajectory.addParameter("model.mu_i_min", 1.0, comment: "Lower bound of the inhibitory bias")
        try trajectory.addParameter("model.mu_i_max", 1.05, comment: "Upper bound of the inhibitory bias")
    }

    func preBuild(_ build: NetworkBuild) throws {
        if !build.parameters.isExplored(below: "model") { try make(build) }
    }

    func build(_ build: NetworkBuild) throws {
        if !build.hasItem("neurons_e") { try make(build) }
    }

    /// The model of a population with membrane time constant `tau`.
    static func model(_ parameters: NetworkParameters, tau: Quantity) throws -> NeuronModel {
        let rise = try parameters.value("model.synaptic.tau_rise", as: Quantity.self)
        return NeuronModel(
            membraneTimeConstant: tau, capacitance: try (tau / resistance).converted(to: .pF), restingPotential: -70 * .mV,
            threshold: -50 * .mV, reset: -70 * .mV, refractoryPeriod: try parameters.value("model.refractory"),
            synapses: .currentBasedDualExponential(
                excitatoryRise: rise, excitatoryDecay: try parameters.value("model.synaptic.tau_e"),
                inhibitoryRise: rise, inhibitoryDecay: try parameters.value("model.synaptic.tau_i")))
    }

    private func make(_ build: NetworkBuild) throws {
        let p = build.parameters
        let excitatory = try NeuronGroup(name: "neurons_e", size: try p.value("model.N_e"), model: try Self.model(p, tau: try p.value("model.tau_e")))
        let inhibitory = try NeuronGroup(name: "neurons_i", size: try p.value("model.N_i"), model: try Self.model(p, tau: try p.value("model.tau_i")))
        for (group, low, high) in [
            (excitatory, try p.value("model.mu_e_min", as: Double.self), try p.value("model.mu_e_max", as: Double.self)),
            (inhibitory, try p.value("model.mu_i_min", as: Double.self), try p.value("model.mu_i_max", as: Double.self)),
        ] {
            let random = try build.random(group.name)
            // Bias current giving a resting target of mu units: I = mu * 20 mV / R.
            let unitCurrent = try (Self.unitPotential / Self.resistance).value(in: .pA)
            try group.setBias(Quantity((0..<group.size).map { _ in (low + (high - low) * random.uniform()) * unitCurrent }, .pA))
            try group.randomizePotentials(from: -70 * .mV, to: -50 * .mV, random: random)
            build.add(group, as: group.name)
        }
    }
}
