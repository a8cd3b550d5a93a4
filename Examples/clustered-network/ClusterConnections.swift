import Foundation
import PypetCore
import PypetNetwork

/// The four projections (E->E, E->I, I->E, I->I). With a clustering ratio `R_ee` above 1 the excitatory
/// neurons form clusters of `clustersize_e` consecutive neurons: pairs in a cluster connect with
/// probability `p_in = R_ee * p_out` and `strength_factor` times the weight, keeping the mean E->E
/// probability at `p_ee`. Built in every run (`R_ee` is explored).
///
/// A weight `J` (in threshold units, as in the paper) becomes a current jump `w` whose charge moves the
/// membrane by `J` units: `w = J * 20 mV * C / tau_syn`.
struct ClusterConnections: NetworkComponent {
    let excitatory: Int

    func addParameters(to trajectory: Trajectory) throws {
        // The paper's weights at 4000 excitatory neurons, scaled with 1/sqrt(N_e / 4000) for other sizes (the
        // balanced-network scaling 1/sqrt(K) that pypet's example also applies).
        let scale = (Double(excitatory) / 4000).squareRoot()
        try trajectory.addParameter("connections.R_ee", 1.0, comment: "Clustering ratio p_in / p_out")
        try trajectory.addParameter("connections.clustersize_e", 80, comment: "Neurons per excitatory cluster")
        try trajectory.addParameter("connections.strength_factor", 1.9, comment: "Weight factor within clusters")
        try trajectory.addParameter("connections.p_ee", 0.2, comment: "Mean E->E connection probability")
        try trajectory.addParameter("connections.p_ie", 0.5, comment: "E->I connection probability")
        try trajectory.addParameter("connections.p_ei", 0.5, comment: "I->E connection probability")
        try trajectory.addParameter("connections.p_ii", 0.5, comment: "I->I connection probability")
        try trajectory.addParameter("connections.J_ee", 0.024 / scale, comment: "E->E weight (threshold units)")
        try trajectory.addParameter("connections.J_ie", 0.014 / scale, comment: "E->I weight")
        try trajectory.addParameter("connections.J_ei", 0.045 / scale, comment: "I->E weight")
        try trajectory.addParameter("connections.J_ii", 0.057 / scale, comment: "I->I weight")
    }

    func build(_ build: NetworkBuild) throws {
        let p = build.parameters
        let e = try build.item("neurons_e", as: NeuronGroup.self), i = try build.item("neurons_i", as: NeuronGroup.self)
        func weight(_ name: String, to target: NeuronGroup, decay: String) throws -> Quantity {
            let jump = try p.value("connections." + name, as: Double.self)
            let charge = try (jump * ClusterNeurons.unitPotential) * target.model.capacitance
            return try (charge / p.value("model.synaptic." + decay, as: Quantity.self)).converted(to: .pA)
        }
        let ii = try Synapses(name: "conn_ii", from: i, to: i, receptor: .inhibitory, weight: try weight("J_ii", to: i, decay: "tau_i"))
        try ii.connect(.probability(try p.value("connections.p_ii")), random: try build.random("conn_ii"))
        let ei = try Synapses(name: "conn_ei", from: i, to: e, receptor: .inhibitory, weight: try weight("J_ei", to: e, decay: "tau_i"))
        try ei.connect(.probability(try p.value("connections.p_ei")), random: try build.random("conn_ei"))
        let ie = try Synapses(name: "conn_ie", from: e, to: i, receptor: .excitatory, weight: try weight("J_ie", to: i, decay: "tau_e"))
        try ie.connect(.probability(try p.value("connections.p_ie")), random: try build.random("conn_ie"))
        let ee = try Synapses(name: "conn_ee", from: e, to: e, receptor: .excitatory, weight: try weight("J_ee", to: e, decay: "tau_e"))
        let ratio = try p.value("connections.R_ee", as: Double.self), pee = try p.value("connections.p_ee", as: Double.self)
        if ratio > 1 {
            let size = try p.value("connections.clustersize_e", as: Int.self), n = Double(e.size)
            let pOut = pee * n / (ratio * Double(size) + n - Double(size))
            let pIn = ratio * pOut
            try build.addDerivedParameter("connections.p_ee_in", .double(pIn), comment: "E->E probability within a cluster")
            try build.addDerivedParameter("connections.p_ee_out", .double(pOut), comment: "E->E probability between clusters")
            try ee.connect(
                .clustered(clusterSize: size, inside: pIn, outside: pOut, weightFactor: try p.value("connections.strength_factor")),
                random: try build.random("conn_ee"))
        } else {
            try ee.connect(.probability(pee), random: try build.random("conn_ee"))
        }
        for projection in [ii, ei, ie, ee] { build.add(projection) }
        build.setItem([ii, ei, ie, ee], for: "connections")
    }
}
