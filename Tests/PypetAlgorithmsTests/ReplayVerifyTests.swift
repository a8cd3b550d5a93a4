import Foundation
import Pypet
import PypetAlgorithms
import PypetTestSupport
import Testing

/// A fitness that depends on the run's own random stream and index, not only on the genome.
@Sendable private func noisySphere(_ run: RunContext) async throws -> Fitness {
    let x = try (0..<3).map { try run.value("x\($0)", as: Double.self) }
    return Fitness(x.reduce(0) { $0 + $1 * $1 } + 0.1 * (try run.random.uniform()) + 1e-6 * Double(run.index))
}

@Suite("Replay verification with run contexts")
struct ReplayVerifyTests {
    @Test("verify rebuilds each run's context (stream, index, parameters) on any core count and finds only the tampered generation")
    func verify() async throws {
        let directory = try TemporaryDirectory()
        let file = directory.file("noisy.hdf5")
        var options = EnvironmentOptions()
        options.cores = 2
        options.seed = 31
        options.progress = .none
        options.logLevel = .critical
        options.logFolder = nil
        let env = try Environment(trajectory: "noisy", file: file, options: options)
        let problem = try Problem(space: .box(3, lower: -2, upper: 2), objectives: [.minimize("f")])
        let optimization = Optimization(try GeneticAlgorithm(problem: problem, seed: 5, populationSize: 12), stopping: StoppingCriteria(generations: 4))
        try await optimization.run(on: env, fitness: noisySphere)

        let replay = try GenerationReplay(file: file)
        #expect(replay.generations.count == 4)
        #expect(try await replay.verify(cores: 1, fitness: noisySphere).isEmpty)
        #expect(try await replay.verify(cores: 2, fitness: noisySphere).isEmpty)
        // The genome-only check cannot see the noise: every individual differs.
        #expect(!(replay.verify(fitness: { genome in Fitness(genome.reduce(0) { $0 + $1 * $1 }) }).isEmpty))

        try Python.run("""
            import sys, h5py
            with h5py.File(sys.argv[1], "r+") as f:
                data = f["noisy/results/generations/gen_00002/fitness"]
                name = list(data.keys())[0] if isinstance(data, h5py.Group) else None
                target = data[name] if name else data
                values = target[()]
                values[3] = values[3] + 1.0
                target[...] = values
            """, arguments: [file])
        let tampered = try await GenerationReplay(file: file).verify(cores: 2, fitness: noisySphere)
        #expect(tampered.map(\.generation) == [2] && tampered.map(\.individual) == [3], "\(tampered)")
    }
}
