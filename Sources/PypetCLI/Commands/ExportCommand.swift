import ArgumentParser
import Foundation
import Pypet

struct ExportCommand: FileCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Explored parameters, scalar results and return values per run, as CSV or JSON; or the file in pypet's layout.",
        discussion: """
            With --pypet-layout and --output FILE.hdf5, writes a copy of a file merged in the columns layout with \
            every run's results in pypet's per-run groups, which pypet 0.6.1 loads.
            """)

    @OptionGroup var source: FileOptions
    var file: String { source.file }
    var trajectory: String? { source.trajectory }

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case csv, json }

    @Option(help: "csv or json.")
    var format: OutputFormat = .csv

    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.")
    var output: String?

    @Flag(help: "Write a copy of the file in pypet's layout (a group per run) to --output, for pypet and other tools.")
    var pypetLayout = false

    func validate() throws {
        if pypetLayout, output == nil { throw ValidationError("--pypet-layout writes an HDF5 file: name it with --output") }
    }

    func run() throws {
        let source = TrajectoryFile(path: file, trajectory: trajectory)
        if pypetLayout, let output {
            try source.check()
            let runs: Int
            do { runs = try TrajectoryStorage(path: file).exportPypetLayout(to: output) } catch {
                throw CLIError("cannot export the file in pypet's layout", because: error, file: file)
            }
            print(runs == 0 ? "wrote \(output) (the file was in pypet's layout already)" : "wrote \(output): \(runs) runs' results as pypet's run groups")
            return
        }
        let loaded = try source.load(LoadOptions(parameters: .data, derivedParameters: .nothing, config: .nothing, results: .data))
        let explored = loaded.exploredParameterNames
        var columns = ["idx", "completed"] + explored.map { String($0.split(separator: ".").last ?? "") }
        // Scalar result items of every run, by column name (the result's name below the run group, then
        // the item name when it differs).
        var cells: [Int: [String: PypetValue]] = [:]
        var resultColumns = Set<String>()
        for case let result as ResultNode in loaded.results.leaves() {
            let parts = result.fullName.split(separator: ".").map(String.init)
            guard let runPosition = parts.firstIndex(where: { NodeName.isRunName($0) }), let index = Int(parts[runPosition].dropFirst(4)) else { continue }
            let relative = parts[(runPosition + 1)...].joined(separator: ".")
            for name in result.itemNames {
                guard let value = try? result.item(name) else { continue }
                switch value {
                case .int, .double, .bool, .string, .float, .complex:
                    let column = name == result.name ? relative : relative + "." + name
                    cells[index, default: [:]][column] = value
                    resultColumns.insert(column)
                default:
                    continue
                }
            }
        }
        let returned = (try? TrajectoryStorage(path: file).runValues(of: loaded.name)) ?? [:]
        let resultNames = resultColumns.sorted()
        columns += resultNames
        if !returned.isEmpty { columns.append("value") }
        var records: [[String: Any]] = []
        var lines = [columns.map(Format.csv).joined(separator: ",")]
        let ranges: [[PypetValue]]
        do { ranges = try explored.map { name throws(TrajectoryError) in try loaded.parameter(name).range } } catch {
            throw CLIError("cannot read the explored parameters", because: error, file: file)
        }
        for info in loaded.runStatuses {  // no parameter summaries: the explored values come from the ranges
            var values: [PypetValue?] = [.int(info.index), .bool(info.completed)]
            values += ranges.map { $0.indices.contains(info.index) ? $0[info.index] : nil }
            values += resultNames.map { cells[info.index]?[$0] }
            if !returned.isEmpty { values.append(returned[info.index]) }
            lines.append(values.map { $0.map { Format.csv(Format.plain($0)) } ?? "" }.joined(separator: ","))
            var record: [String: Any] = [:]
            for (column, value) in zip(columns, values) { if let value { record[column] = Format.json(value) } }
            records.append(record)
        }
        let text = format == .csv ? lines.joined(separator: "\n") + "\n" : try Format.jsonText(records) + "\n"
        if let output {
            try OutputFile.write(Data(text.utf8), to: output)
            print("wrote \(loaded.length) runs to \(output)")
        } else {
            print(text, terminator: "")
        }
    }
}
