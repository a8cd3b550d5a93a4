import PypetCore
import PypetNetwork

/// A population of integrate-and-fire neurons driven by Poisson inputs through synapses of weight
/// `input.weight` (in pA, the optimized parameter, added by the optimizer's parameter space).
struct DrivenPopulation: NetworkComponent {
    let neurons: Int

    func addParameters(to trajectory: Trajectory) throws {
        try trajectory.addParameter("population.size", neurons, comment: "Number of neurons")
        try trajectory.addParameter("input.size", 200, comment: "Number of Poisson inputs")
        try trajectory.addParameter("input.rate", 10 * .Hz, comment: "Rate of every Poisson input")
        try trajectory.addParameter("input.probability", 0.2, comment: "Input connection probability")
    }

    func build(_ build: NetworkBuild) throws {
        let p = build.parameters
        let group = try NeuronGroup(name: "population", size: try p.value("population.size"), model: NeuronModel())
        try group.randomizePotentials(from: -70 * .mV, to: -50 * .mV, random: try build.random("potentials"))
        let input = try PoissonGroup(name: "input", size: try p.value("input.size"), rate: try p.value("input.rate"), random: try build.random("input"))
        let synapses = try Synapses(
            name: "input_synapses", from: input, to: group, receptor: .excitatory, weight: try p.value("input.weight", as: Double.self) * .pA,
            delay: 1 * .ms)
        try synapses.connect(.probability(try p.value("input.probability")), random: try build.random("input_synapses"))
        build.add(group, as: "population")
        build.add(input)
        build.add(synapses)
    }
}
