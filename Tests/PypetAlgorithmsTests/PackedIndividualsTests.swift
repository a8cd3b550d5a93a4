import Foundation
import PypetAlgorithms
import Testing

private struct Holder: Codable, Equatable {
    @PackedIndividuals var population: [Individual] = []
    @PackedOptionalIndividuals var pending: [Individual]? = nil
}

@Suite("Packed populations")
struct PackedIndividualsTests {
    private func sample() -> [Individual] {
        let objectives: [Objective] = [.minimize("f"), .maximize("g")]
        var evaluated = Individual(genome: [1.5, -.infinity, .nan, 0x1p-1074], strategy: [0.25, 0.5, 1, 2])
        evaluated.assign(Fitness([3.25, .nan]), objectives: objectives)
        evaluated.runIndex = 41
        var failed = Individual(genome: [0, 1, 2, 3])
        failed.assign(Fitness([.infinity, -.infinity]), objectives: objectives)
        failed.failure = "the fitness threw: ünïcode \"quoted\""
        failed.runIndex = 0
        return [evaluated, Individual(genome: [9, 8, 7, 6]), failed, Individual(genome: [])]
    }

    /// Bit-for-bit equality (NaN payloads included), which `==` on doubles does not give.
    private func bits(_ individuals: [Individual]) -> [[UInt64]] {
        individuals.map { individual in
            individual.genome.map(\.bitPattern) + [UInt64.max] + (individual.fitness?.values ?? []).map(\.bitPattern) + [UInt64.max]
                + individual.weighted.map(\.bitPattern) + [UInt64.max] + individual.strategy.map(\.bitPattern)
        }
    }

    @Test("a population round-trips exactly through JSON: NaN, infinities, failures, run indices, strategies, unevaluated")
    func roundTrip() throws {
        let holder = Holder(population: sample(), pending: Array(sample().prefix(2)))
        let decoded = try JSONDecoder().decode(Holder.self, from: JSONEncoder().encode(holder))
        #expect(bits(decoded.population) == bits(holder.population))
        #expect(decoded.population.map(\.failure) == holder.population.map(\.failure))
        #expect(decoded.population.map(\.runIndex) == holder.population.map(\.runIndex))
        #expect(decoded.population.map(\.isEvaluated) == [true, false, true, false])
        #expect(bits(decoded.pending ?? []) == bits(holder.pending ?? []))
        let empty = try JSONDecoder().decode(Holder.self, from: JSONEncoder().encode(Holder()))
        #expect(empty.population.isEmpty && empty.pending == nil)
    }

    @Test("plain arrays of individuals (earlier records) and missing optional populations still decode")
    func legacy() throws {
        struct Plain: Codable { var population: [Individual] }
        // Earlier records wrote infinities and NaN as strings (the driver's exact JSON).
        let encoder = JSONEncoder(), decoder = JSONDecoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let plain = try encoder.encode(Plain(population: Array(sample().prefix(2))))
        let decoded = try decoder.decode(Holder.self, from: plain)
        #expect(bits(decoded.population) == bits(Array(sample().prefix(2))))
        #expect(decoded.pending == nil)
    }

    @Test("corrupt packed columns are decoding errors, not crashes", arguments: [
        #"{"population":{"count":-1}}"#,
        #"{"population":{"count":1,"genomes":"!!","genome_lengths":"AAAAAA==","fitness":"","fitness_lengths":"AAAAAA==","weighted":"","weighted_lengths":"AAAAAA==","strategies":"","strategy_lengths":"AAAAAA==","run_indices":"AAAAAAAAAAA=","failures":{}}}"#,
        #"{"population":{"count":2,"genomes":"","genome_lengths":"AAAAAA==","fitness":"","fitness_lengths":"AAAAAA==","weighted":"","weighted_lengths":"AAAAAA==","strategies":"","strategy_lengths":"AAAAAA==","run_indices":"AAAAAAAAAAA=","failures":{}}}"#,
        #"{"population":{"count":1,"genomes":"AAAAAAAAAAA=","genome_lengths":"BQAAAA==","fitness":"","fitness_lengths":"AAAAAA==","weighted":"","weighted_lengths":"AAAAAA==","strategies":"","strategy_lengths":"AAAAAA==","run_indices":"AAAAAAAAAAA=","failures":{}}}"#,
        #"{"population":{"count":1,"genomes":"","genome_lengths":"/////w==","fitness":"","fitness_lengths":"AAAAAA==","weighted":"","weighted_lengths":"AAAAAA==","strategies":"","strategy_lengths":"AAAAAA==","run_indices":"AAAAAAAAAAA=","failures":{}}}"#,
    ])
    func corrupt(document: String) {
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Holder.self, from: Data(document.utf8)) }
    }

    @Test("an optimizer's recorded state restores to an equal optimizer")
    func optimizerState() throws {
        let problem = try Problem(space: .box(3, lower: -1, upper: 1), objectives: [.minimize("f")])
        var ga = try GeneticAlgorithm(problem: problem, seed: 3, populationSize: 8)
        for _ in 0..<3 {
            var batch = try ga.ask()
            for index in batch.indices { batch[index].assign(Fitness(batch[index].genome.reduce(0) { $0 + $1 * $1 }), objectives: problem.objectives) }
            try ga.tell(batch)
        }
        let restored = try JSONDecoder().decode(GeneticAlgorithm.self, from: JSONEncoder().encode(ga))
        #expect(bits(restored.population) == bits(ga.population))
        var a = ga, b = restored
        #expect(try bits(a.ask()) == bits(b.ask()))
    }
}
