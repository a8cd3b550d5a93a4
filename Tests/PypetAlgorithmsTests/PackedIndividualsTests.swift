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

@Suite("Optimizer state records")
struct OptimizerStateRecordTests {
    /// A genetic algorithm with penalty bounds (so its per-individual violations matter) after one ask.
    private func asked() throws -> (GeneticAlgorithm, [Individual]) {
        let problem = try Problem(space: .box(3, lower: -1, upper: 1), objectives: [.minimize("f")], bounds: .penalty(10))
        var ga = try GeneticAlgorithm(problem: problem, seed: 5, populationSize: 8, mutation: .gaussian(mean: 0, sigma: 3, probability: 1), mutationProbability: 1)
        var batch = try ga.ask()
        for index in batch.indices { batch[index].assign(Fitness(batch[index].genome.reduce(0) { $0 + $1 * $1 }), objectives: problem.objectives) }
        try ga.tell(batch)
        let next = try ga.ask()
        return (ga, next)
    }

    private func continued(_ optimizer: GeneticAlgorithm, _ batch: [Individual]) throws -> [[UInt64]] {
        var ga = optimizer, told = batch
        for index in told.indices { told[index].assign(Fitness(told[index].genome.reduce(0) { $0 + $1 * $1 }), objectives: ga.problem.objectives) }
        try ga.tell(told)
        return ga.population.map { ($0.fitness?.values ?? []).map(\.bitPattern) + $0.genome.map(\.bitPattern) }
    }

    @Test("violations are one base64 string, the problem appears once, and the state continues exactly after decoding")
    func compact() throws {
        let (ga, batch) = try asked()
        let data = try JSONEncoder().encode(ga)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["violations"] is String)
        #expect(object["variation"] == nil)
        let space = try #require((object["problem"] as? [String: Any])?["space"] as? [String: Any])
        #expect(space["lowerBounds"] == nil && space["dimensions"] != nil)
        let decoded = try JSONDecoder().decode(GeneticAlgorithm.self, from: data)
        #expect(try continued(decoded, batch) == continued(ga, batch))
    }

    @Test("records of earlier versions (violations as numbers, a variation key, bounds in the space) still decode and continue exactly")
    func earlier() throws {
        let (ga, batch) = try asked()
        var object = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(ga)) as? [String: Any])
        let text = try #require(object["violations"] as? String)
        let bytes = try #require(Data(base64Encoded: text))
        let violations = bytes.withUnsafeBytes { raw in (0..<(bytes.count / 8)).map { Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self))) } }
        #expect(violations.contains { $0 > 0 })
        object["violations"] = violations
        var problem = try #require(object["problem"] as? [String: Any])
        var space = try #require(problem["space"] as? [String: Any])
        space["lowerBounds"] = [-1.0, -1.0, -1.0]
        space["upperBounds"] = [1.0, 1.0, 1.0]
        problem["space"] = space
        object["problem"] = problem
        object["variation"] = ["problem": problem]
        let decoded = try JSONDecoder().decode(GeneticAlgorithm.self, from: JSONSerialization.data(withJSONObject: object))
        #expect(try continued(decoded, batch) == continued(ga, batch))
        object["violations"] = "not base64!"
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(GeneticAlgorithm.self, from: JSONSerialization.data(withJSONObject: object)) }
    }

    @Test("a recorded parameter space is validated again when decoded: an invalid one is a typed error")
    func invalidSpace() throws {
        let valid = #"{"dimensions":[{"continuous":{"_0":"x","lower":0,"upper":1}}]}"#
        #expect(try JSONDecoder().decode(ParameterSpace.self, from: Data(valid.utf8)).discreteMask == [false])
        for invalid in [
            #"{"dimensions":[]}"#,
            #"{"dimensions":[{"continuous":{"_0":"x","lower":1,"upper":0}}]}"#,
            #"{"dimensions":[{"continuous":{"_0":"x","lower":0,"upper":1}},{"integer":{"_0":"x","lower":0,"upper":3}}]}"#,
        ] {
            #expect(throws: AlgorithmError.self) { try JSONDecoder().decode(ParameterSpace.self, from: Data(invalid.utf8)) }
        }
    }
}
