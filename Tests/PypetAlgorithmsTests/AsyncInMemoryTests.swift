import Foundation
import Pypet
import PypetAlgorithms
import Testing

@Suite("In-memory optimization on several tasks")
struct AsyncInMemoryTests {
    @Test("an async, throwing fitness on 1, 2 and 4 tasks gives the serial run's generations; a throw marks the individual failed")
    func sameAsSerial() async throws {
        let problem = try Problem(space: .box(4, lower: -3, upper: 3), objectives: [.minimize("f")])
        @Sendable func sphere(_ genome: [Double]) throws -> Fitness {
            // Every 7th distinct genome fails, deterministically.
            if Int(abs(genome[0] * 1000)) % 7 == 0 { throw CancellationError() }
            return Fitness(genome.reduce(0) { $0 + $1 * $1 })
        }
        let serial = Optimization(try GeneticAlgorithm(problem: problem, seed: 12, populationSize: 20), stopping: StoppingCriteria(generations: 6))
        let expected = try serial.run(fitness: sphere)
        for cores in [1, 2, 4] {
            let parallel = Optimization(try GeneticAlgorithm(problem: problem, seed: 12, populationSize: 20), stopping: StoppingCriteria(generations: 6))
            let best = try await parallel.run(cores: cores) { genome in
                try await Task.sleep(for: .microseconds(Int.random(in: 0...300)))  // finishing order varies
                return try sphere(genome)
            }
            #expect(best?.genome == expected?.genome)
            #expect(parallel.logbook.table == serial.logbook.table)
            #expect(parallel.evaluations == serial.evaluations)
        }
    }
}
