import Foundation
import Pypet
import PypetAlgorithms
import PypetTestSupport
import Testing

private let square3 = try! Problem(space: .box(3, lower: -4, upper: 4), objectives: [.minimize("f")])

@Sendable private func square(_ run: RunContext) async throws -> Fitness {
    Fitness(try (0..<3).map { try run.value("x\($0)", as: Double.self) }.reduce(0) { $0 + $1 * $1 })
}

private func search(_ directory: TemporaryDirectory, file: String, generations: Int) async throws {
    var options = optimizerOptions(directory)
    options.resume = true
    let env = try Environment(trajectory: "record", file: file, options: options)
    let optimization = Optimization(try GeneticAlgorithm(problem: square3, seed: 4, populationSize: 30), stopping: StoppingCriteria(generations: generations))
    try await optimization.run(on: env, fitness: square)
}

@Suite("Generation records hold each piece of state once")
struct GenerationRecordSizeTests {
    @Test("the JSON refers to the record's arrays instead of repeating them; a record missing one is a typed error on resume")
    func referencesInsteadOfCopies() async throws {
        let directory = try TemporaryDirectory()
        let file = directory.file("record.hdf5")
        try await search(directory, file: file, generations: 3)
        let sizes = try Python.json("""
            import h5py, json, sys
            with h5py.File(sys.argv[1], "r") as f:
                g = f["record/results/generations/gen_00002"]
                text = g["optimizer_json"][()].decode() + g["driver_json"][()].decode()
                state = g["rng_state"][()].decode()
                print(json.dumps({"json": len(text), "state": len(state), "copies": text.count(state.replace("/", "\\\\/")),
                                  "references": sorted(set(part.split('"')[0] for part in text.split('{"$item":"')[1:]))}))
            """, arguments: [file]) as? [String: Any]
        // The generator state (thousands of characters) and the population are items, referred to by name.
        #expect(sizes?["copies"] as? Int == 0)
        let references = sizes?["references"] as? [String] ?? []
        #expect(references.contains("rng_state") && references.contains("state_population") && references.contains("hall_of_fame"), "\(references)")

        // A record whose referenced item is gone cannot be restored: a typed error naming it, not a crash.
        try Python.run("""
            import h5py, sys
            with h5py.File(sys.argv[1], "r+") as f:
                del f["record/results/generations/gen_00002/rng_state"]
            """, arguments: [file])
        let error = await expectError(AlgorithmError.Code.resumeMismatch, as: AlgorithmError.self) {
            try await search(directory, file: file, generations: 4)
        }
        #expect(error?.message.contains("rng_state") == true, "\(error?.message ?? "")")
    }
}
