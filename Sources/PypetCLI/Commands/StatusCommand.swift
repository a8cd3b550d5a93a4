import ArgumentParser
import Foundation
import Pypet
import PypetAlgorithms

struct StatusCommand: FileCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "What a resume would do: generations sealed, runs completed, failed and missing, leftover parts and journal.")

    @OptionGroup var source: FileOptions
    var file: String { source.file }
    var trajectory: String? { source.trajectory }

    @Flag(help: "Print JSON.")
    var json = false

    /// One line about the latest environment that wrote the file: when, who, where, with which code.
    static func provenance(file: String, trajectory: String?) -> String? {
        guard let loaded = try? TrajectoryStorage(path: file).load(
            name: trajectory, options: LoadOptions(parameters: .nothing, derivedParameters: .nothing, config: .data, results: .nothing, withRunInformation: false)
        ).trajectory, let environments = loaded.config.directChild("environment") as? GroupNode else { return nil }
        func value(_ record: GroupNode, _ key: String) -> PypetValue? { (record.directChild(key) as? Parameter)?.defaultValue }
        let records = environments.children.compactMap { $0 as? GroupNode }
        guard let latest = records.max(by: { (value($0, "timestamp").flatMap { try? Double(pypetValue: $0) } ?? 0) < (value($1, "timestamp").flatMap { try? Double(pypetValue: $0) } ?? 0) }) else {
            return nil
        }
        var parts: [String] = []
        if case .string(let time)? = value(latest, "time") { parts.append(time) }
        if case .string(let user)? = value(latest, "user"), case .string(let host)? = value(latest, "host") { parts.append("\(user)@\(host)") }
        if case .string(let version)? = value(latest, "swift_pypet_version") { parts.append("swift-pypet \(version)") }
        if case .string(let commit)? = value(latest, "git_commit") {
            let dirty = value(latest, "git_dirty") == .bool(true) ? " (dirty)" : ""
            parts.append("git \(commit.prefix(7))\(dirty)")
        }
        if case .string(let executor)? = value(latest, "executor") { parts.append("on \(executor)") }
        parts.append("\(records.count) environment record\(records.count == 1 ? "" : "s")")
        return parts.joined(separator: ", ")
    }

    func run() throws {
        let exists = FileManager.default.fileExists(atPath: file)
        let leftovers = FileManager.default.fileExists(atPath: file + ".journal") || FileManager.default.fileExists(atPath: file + ".parts")
        guard exists || leftovers else { throw CLIError("no such file", file: file) }
        if exists { try TrajectoryFile(path: file, trajectory: trajectory).check() }
        let status: OptimizationStatus
        do { status = try OptimizationStatus.read(file: file, trajectory: trajectory) } catch {
            throw CLIError("cannot read the status", because: error.underlying ?? error, file: file)
        }
        let runs = status.runs
        if json {
            print(try Format.jsonText([
                "file": file, "length": runs.length ?? 0, "completed": runs.completed.count, "pruned": runs.pruned.count, "failed": runs.failed.count,
                "missing": runs.missing.count, "parts": runs.parts, "journal_records": runs.journalRecords,
                "torn_journal_bytes": runs.tornJournalBytes, "generations_sealed": status.generationsSealed, "finished": status.finished,
                "run_layout": exists ? ((try? TrajectoryStorage(path: file).runLayout(of: trajectory))?.rawValue ?? "pypet") : "pypet",
            ] as [String: Any]))
            return
        }
        print("file: \(file)")
        if exists, let made = Self.provenance(file: file, trajectory: trajectory) { print("made by: \(made)  (pypet provenance \(file) for the whole record)") }
        let prunedNote = runs.pruned.isEmpty ? "" : " (\(runs.pruned.count) of them pruned early)"
        func count(_ number: Int, _ word: String) -> String {
            let text = "\(number) \(word)"
            guard number > 0, let colour = TerminalStyle.colour(ofStatus: word) else { return text }
            return TerminalStyle.paint(text, colour)
        }
        print("runs: \(runs.length ?? 0) explored, \(count(runs.completed.count, "completed"))\(prunedNote), \(count(runs.failed.count, "failed")), \(count(runs.missing.count, "missing"))")
        if exists, (try? TrajectoryStorage(path: file).runLayout(of: trajectory)) == .columns {
            print("run layout: columns (small results in overview/results_index; pypet export \(file) --pypet-layout -o OUT.hdf5 writes pypet's run groups)")
        }
        if !runs.failed.isEmpty {
            for index in runs.failed.keys.sorted().prefix(10) {
                print("  run \(index) \(TerminalStyle.paint("failed", .red)): \(runs.failed[index] ?? "")")
            }
        }
        print("generations sealed: \(status.generationsSealed)")
        print("leftovers: \(runs.parts) part files, \(runs.journalRecords) journal records" + (runs.tornJournalBytes > 0 ? ", \(runs.tornJournalBytes) torn journal bytes" : ""))
        if status.finished {
            print(TerminalStyle.paint("the search finished", .green) + "; a resume with the same limits does nothing (raise generations, evaluations or time to continue it)")
        } else if runs.length == nil {
            print("nothing has run yet")
        } else {
            print("a resume would merge the leftovers, restore the last sealed generation and run the \(runs.missing.count + runs.failed.count) runs not completed")
        }
    }
}
