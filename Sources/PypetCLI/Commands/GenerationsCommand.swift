import ArgumentParser
import Pypet
import PypetAlgorithms

struct GenerationsCommand: FileCommand {
    static let configuration = CommandConfiguration(
        commandName: "generations", abstract: "The recorded generations: evaluations, best, mean, std, best individual.")

    @OptionGroup var source: FileOptions
    var file: String { source.file }
    var trajectory: String? { source.trajectory }

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case table, csv, json }

    @Option(help: "table, csv or json.")
    var format: OutputFormat = .table

    func run() throws {
        try TrajectoryFile(path: file, trajectory: trajectory).check()
        let replay: GenerationReplay
        do { replay = try GenerationReplay(file: file, trajectory: trajectory) } catch {
            throw CLIError("cannot read the generations", because: error.code == .environment ? error.underlying ?? error : error, file: file)
        }
        guard !replay.generations.isEmpty else { throw CLIError("no recorded generations (results.generations)", file: file) }
        let objective = replay.generations[0].statistics.keys.filter { $0.hasPrefix("min_") }.sorted().first.map { String($0.dropFirst(4)) } ?? "fitness"
        func number(_ generation: RecordedGeneration, _ key: String) -> Double {
            if case .double(let v)? = generation.statistics[key + objective] { return v }
            return .nan
        }
        let rows: [(Int, Int, Double, Double, Double, [Double])] = replay.generations.map { generation in
            let evaluations = if case .int(let v)? = generation.statistics["evaluations"] { v } else { generation.population.count }
            return (generation.generation, evaluations, number(generation, "min_"), number(generation, "mean_"), number(generation, "std_"),
                    generation.bestSoFar?.genome ?? [])
        }
        // Genes by name, decoded (categorical and integer dimensions as their values) when the file records the problem.
        func named(_ genome: [Double]) -> [(String, PypetValue)] {
            guard let space = replay.problem?.space, space.count == genome.count else {
                return genome.enumerated().map { ("x\($0.offset)", .double($0.element)) }
            }
            return Array(zip(space.dimensions.map(\.name), space.values(of: genome)))
        }
        func compact(_ value: PypetValue) -> String {
            if case .double(let v) = value { return String(format: "%.4g", v) }
            return ValueDisplay.inline(value)
        }
        switch format {
        case .table:
            print(Format.table(
                ["generation", "evaluations", "best", "mean", "std", "best individual"],
                rows.map { [String($0.0), String($0.1), ValueDisplay.number($0.2), ValueDisplay.number($0.3), ValueDisplay.number($0.4),
                            named($0.5).map { compact($0.1) }.joined(separator: " ")] }))
            if let last = rows.last, !last.5.isEmpty {
                print("\nbest individual so far (\(objective) = \(ValueDisplay.number(last.2))):")
                for (name, value) in named(last.5) { print("  \(name) = \(ValueDisplay.inline(value))") }
            }
        case .csv:
            print("generation,evaluations,best,mean,std,best_individual")
            for row in rows {
                print([String(row.0), String(row.1), String(row.2), String(row.3), String(row.4), Format.csv(row.5.map { String($0) }.joined(separator: " "))]
                    .joined(separator: ","))
            }
        case .json:
            print(try Format.jsonText(rows.map { row -> [String: Any] in
                ["generation": row.0, "evaluations": row.1, "best": row.2.isFinite ? row.2 : String(row.2),
                 "mean": row.3.isFinite ? row.3 : String(row.3), "std": row.4.isFinite ? row.4 : String(row.4), "best_individual": row.5,
                 "best_values": Dictionary(uniqueKeysWithValues: named(row.5).map { ($0.0, Format.json($0.1)) })]
            }))
        }
    }
}
