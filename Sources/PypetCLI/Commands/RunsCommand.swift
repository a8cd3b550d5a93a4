import ArgumentParser
import Foundation
import Pypet

struct RunsCommand: FileCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs", abstract: "A table of runs: status (completed, pruned at a step, failed with its message, missing), runtime, parameters.")

    @OptionGroup var source: FileOptions
    var file: String { source.file }
    var trajectory: String? { source.trajectory }

    enum Status: String, ExpressibleByArgument, CaseIterable { case completed, pruned, failed, missing }

    @Option(help: "Only runs with this status: completed, pruned, failed or missing.")
    var status: Status?

    @Option(help: "At most this many rows (0: all).")
    var limit = 0

    @Flag(help: "Add a column per scalar result (from the file's overview/results table).")
    var results = false

    func run() throws {
        let source = TrajectoryFile(path: file, trajectory: trajectory)
        let loaded = try source.load(LoadOptions(parameters: .data, derivedParameters: .nothing, config: .nothing, results: .nothing))
        // Runs completed in parts or the journal (not merged yet), as a bitmap by index.
        var pending: [Bool] = [], pendingFailed: [Int: String] = [:], pendingPruned: [Int: Int] = [:]
        if let report = try? TrajectoryStorage(path: file).runStatus() {
            pending = [Bool](repeating: false, count: loaded.length)
            for index in report.completed where index >= 0 && index < loaded.length { pending[index] = true }
            pendingFailed = report.failed
            pendingPruned = report.pruned
        }
        // What each run returned (its fitness, for an optimization) and its explored values, with six digits.
        let values = (try? TrajectoryStorage(path: file).runValues(of: loaded.name)) ?? [:]
        let explored: [(String, [PypetValue])] = loaded.exploredParameterNames.compactMap { name in
            (try? loaded.parameter(name)).map { (String(name.split(separator: ".").last ?? Substring(name)), $0.range) }
        }
        func parameters(_ info: RunInfo) -> String {
            guard !explored.isEmpty else { return (try? loaded.runInformation(info.index).parameterSummary) ?? info.parameterSummary }
            return explored.filter { info.index < $0.1.count }.map { "\($0.0)=\(ValueDisplay.inline($0.1[info.index]))" }.joined(separator: " ")
        }
        // Scalar results by run, from overview/results (one read, no run group opened).
        var resultColumns: [String] = []
        var resultCells: [Int: [String]] = [:]
        if results, let table = try? TrajectoryStorage(path: file).resultsTable(of: loaded.name), case .int(let runs)? = table[column: "idx"] {
            resultColumns = table.columnNames.filter { $0 != "idx" && !$0.hasPrefix("run_value") }
            for (row, run) in runs.enumerated() {
                resultCells[run] = resultColumns.map { name in
                    switch table[column: name] {
                    case .int(let v)?: String(v[row])
                    case .double(let v)?: v[row].isNaN ? "" : ValueDisplay.number(v[row])
                    case .bool(let v)?: String(v[row])
                    case .string(let v)?: v[row]
                    case nil: ""
                    }
                }
            }
        }
        var rows: [[String]] = []
        // Statuses without parameter summaries (the explored values are shown from the ranges): cheap for a
        // million runs, and only the rows shown are formatted.
        for info in loaded.runStatuses {
            let completed = info.completed || (info.index < pending.count && pending[info.index])
            let failure = info.failure ?? (completed ? nil : pendingFailed[info.index])
            let prunedStep = info.prunedAtStep ?? pendingPruned[info.index]
            let state: Status = completed ? (prunedStep != nil ? .pruned : .completed) : (failure != nil ? .failed : .missing)
            if let status, status != state { continue }
            let runtime = info.runtime.map { String(format: "%.3f s", $0) } ?? ""
            let detail = failure.map { ": " + $0 } ?? prunedStep.map { " at step \($0)" } ?? ""
            let value = values[info.index].map { ValueDisplay.inline($0) } ?? ""
            let cells = resultColumns.isEmpty ? [] : resultCells[info.index] ?? Array(repeating: "", count: resultColumns.count)
            rows.append([String(info.index), info.name, state.rawValue + detail, runtime, value] + cells + [parameters(info)])
            if limit > 0, rows.count >= limit { break }
        }
        guard !rows.isEmpty else {
            print(status.map { "No run of \(file) is \($0.rawValue)." } ?? "\(file) has no runs.")
            return
        }
        // The status word in its colour on a terminal (the padding stays outside the colour codes).
        let table = Format.table(["idx", "name", "status", "runtime", "value"] + resultColumns + ["parameters"], rows) { _, column, text in
            guard column == 2, let word = text.split(separator: " ").first.map({ String($0.prefix { $0 != ":" }) }),
                  let colour = TerminalStyle.colour(ofStatus: word), let range = text.range(of: word)
            else { return text }
            return text.replacingCharacters(in: range, with: TerminalStyle.paint(word, colour))
        }
        print(table)
        let counts = Dictionary(grouping: rows, by: { $0[2].split(whereSeparator: { $0 == ":" || $0 == " " }).first.map(String.init) ?? "" }).mapValues(\.count)
        print("\n\(rows.count) runs shown: " + counts.keys.sorted().map { "\(counts[$0] ?? 0) \($0)" }.joined(separator: ", "))
    }
}
