import ArgumentParser
import Foundation
import Pypet

struct CompactCommand: FileCommand {
    static let isTimed = false

    static let configuration = CommandConfiguration(
        commandName: "compact",
        abstract: "Merge leftover parts and journal (after a crash) into the single file; with --repack also give back the space of deleted items.")

    @OptionGroup var source: FileOptions
    var file: String { source.file }
    var trajectory: String? { source.trajectory }

    @Flag(help: "Afterwards rewrite the file with only what it links to (h5repack's compaction), so deleted items take no space.")
    var repack = false

    func run() throws {
        try merge()
        guard repack else { return }
        do {
            let (before, after) = try TrajectoryStorage(path: file).repack()
            print("repacked \(file): \(Self.megabytes(before)) -> \(Self.megabytes(after))")
        } catch {
            throw CLIError("cannot repack", because: error, file: file)
        }
    }

    private static func megabytes(_ bytes: Int) -> String { String(format: "%.2f MB", Double(bytes) / 1_048_576) }

    private func merge() throws {
        let exists = FileManager.default.fileExists(atPath: file)
        let leftovers = FileManager.default.fileExists(atPath: file + ".journal") || FileManager.default.fileExists(atPath: file + ".parts")
        guard exists || leftovers else { throw CLIError("no such file (and no parts or journal beside it)", file: file) }
        if exists { try TrajectoryFile(path: file, trajectory: trajectory).check() }
        let before: RunStatusReport
        do { before = try RunStore.status(path: file) } catch { throw CLIError("cannot read the status", because: error, file: file) }
        guard before.parts > 0 || before.journalRecords > 0 || before.tornJournalBytes > 0 else {
            print("nothing to merge: \(file) has no parts or journal")
            return
        }
        guard FileManager.default.fileExists(atPath: file) else {
            throw CLIError("the parts and journal have no trajectory file to merge into", file: file)
        }
        do {
            try RunStore.recover(path: file)
            let loaded = try TrajectoryStorage(path: file).load(name: trajectory, options: .skeleton).trajectory
            try RunStore.finish(path: file, trajectory: loaded)
        } catch {
            throw CLIError("cannot merge", because: error, file: file)
        }
        print("merged \(before.parts) part files and \(before.journalRecords) journal records into \(file)")
    }
}
