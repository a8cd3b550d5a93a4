import ArgumentParser
import Foundation
import Pypet

struct CompactCommand: FileCommand {
    static let isTimed = false

    static let configuration = CommandConfiguration(
        commandName: "compact", abstract: "Merge leftover parts and journal (after a crash) into the single file.")

    @Argument(help: "The HDF5 file.")
    var file: String

    @Option(help: "The trajectory (the last one in the file by default).")
    var trajectory: String?

    func run() throws {
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
