import Foundation
import Pypet
import PypetAlgorithms
import PypetTestSupport
import Testing

@Suite("pypet command: readable output")
struct ReadableOutputTests {
    /// A small pruned GA over a mixed space (continuous, integer, categorical), with a long array result.
    static func searchFile(_ directory: TemporaryDirectory) async throws -> String {
        let file = directory.file("search.hdf5")
        var options = EnvironmentOptions()
        options.progress = .none
        options.logLevel = .critical
        options.logFolder = directory.file("logs")
        options.pruning = Pruning(.successiveHalving(minimumStep: 1, reductionFactor: 2))
        let env = try Environment(trajectory: "search", file: file, options: options)
        try env.trajectory.addResult("long", items: ["values": .array(NDArray((0..<100).map(Double.init))),
                                                     "grid": .array(try NDArray(shape: [2, 3], elements: .int([1, 2, 3, 4, 5, 6]))),
                                                     "stats.mean": .double(0.5), "stats.n": .int(4)])
        let space = try ParameterSpace([.continuous("rate", lower: 0, upper: 1), .integer("units", lower: 1, upper: 9),
                                        .categorical("activation", values: ["relu", "tanh"])])
        let problem = try Problem(space: space, objectives: [.minimize("loss")])
        let optimization = Optimization(try GeneticAlgorithm(problem: problem, seed: 3, populationSize: 8), stopping: StoppingCriteria(generations: 3))
        try await optimization.run(on: env) { run in
            let rate = try run.value("rate", as: Double.self), units = try run.value("units", as: Int.self)
            var loss = 0.0
            for step in 1...4 {
                loss = abs(rate - 0.3) + Double(units) / 100 + 1 / Double(step)
                if try run.report(step: step, value: loss) { break }
            }
            return Fitness(loss)
        }
        return file
    }

    @Test("generations names and decodes genes; runs show values, six digits and pruned runs; show summarises and nests")
    func readable() async throws {
        let directory = try TemporaryDirectory()
        let file = try await Self.searchFile(directory)

        let generations = try pypet(["generations", file])
        #expect(generations.status == 0, "\(generations.error)")
        #expect(generations.output.contains("best individual so far (loss = "))
        #expect(generations.output.contains("  activation = relu") || generations.output.contains("  activation = tanh"), "\(generations.output)")
        #expect(generations.output.contains("  units = "))

        let runs = try pypet(["runs", file])
        #expect(runs.output.contains("value") && runs.output.contains("activation="), "\(runs.output)")
        #expect(!runs.output.contains("00000000000"), "numbers are shown with six digits")
        let pruned = try pypet(["runs", file, "--status", "pruned"])
        #expect(pruned.output.contains("pruned at step"), "\(pruned.output)")
        let failed = try pypet(["runs", file, "--status", "failed"])
        #expect(failed.output.contains("No run of") && failed.output.contains("is failed"), "\(failed.output)")
        let status = try pypet(["status", file])
        #expect(status.output.contains("of them pruned early"), "\(status.output)")

        let withResults = try pypet(["runs", file, "--results", "--limit", "3"])
        #expect(withResults.output.contains("learning_curve.pruned_at_step") || withResults.output.contains("value"), "\(withResults.output)")
        let table = try #require(try TrajectoryStorage(path: file).resultsTable())
        #expect(table.columnNames.first == "idx" && table.columnNames.contains("run_value_0"), "\(table.columnNames)")
        #expect(table.rowCount == (try TrajectoryStorage(path: file).load().trajectory.length))

        let show = try pypet(["show", file, "results.long"])
        #expect(show.output.contains("(100 values; --full shows all)"), "\(show.output)")
        #expect(show.output.contains("[1, 2, 3]\n") && show.output.contains("[4, 5, 6]\n") && show.output.contains("(2 x 3)"), "\(show.output)")
        #expect(show.output.contains("  mean = 0.5") && show.output.contains("  n = 4"), "\(show.output)")
        let full = try pypet(["show", file, "results.long", "--full"])
        #expect(full.output.contains("97, 98, 99]"), "\(full.output)")
    }
}
