// pypet: look into swift-pypet (and pypet) HDF5 files from the shell: the tree, the runs, the status of
// an optimization, its generations, single items; merge leftovers; export; write an analysis notebook.

import ArgumentParser
import Foundation
import Pypet

@main
struct PypetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pypet",
        abstract: "Inspect, check, export and analyse swift-pypet trajectory files.",
        discussion: """
            Every subcommand reads its file in a child process: a damaged file that crashes or hangs the HDF5 \
            library gives a plain error instead of a crash (PYPET_TIMEOUT sets the seconds a read may take, 600 \
            by default, 0 for no limit; PYPET_ISOLATION=off reads in this process). Output is coloured on a \
            terminal only; NO_COLOR turns colour off, PYPET_COLOR=always or never decides.
            """,
        version: "swift-pypet \(Versions.swiftPypet) (libhdf5 \(Versions.hdf5), GSL \(Versions.gsl))",
        subcommands: [
            InspectCommand.self, RunsCommand.self, StatusCommand.self, GenerationsCommand.self, ShowCommand.self,
            CompactCommand.self, MergeCommand.self, ExportCommand.self, NotebookCommand.self, ProvenanceCommand.self,
        ])

    /// Parses the arguments; a subcommand that reads a file runs in a child process (see
    /// ``IsolatedRun``) unless this is that child.
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if !IsolatedRun.isChild(), !IsolatedRun.isDisabled, let command = try? parseAsRoot(arguments) as? any FileCommand {
            Foundation.exit(IsolatedRun.runInChild(arguments: arguments, file: command.file, timed: type(of: command).isTimed))
        }
        do {
            var command = try parseAsRoot(arguments)
            if var asynchronous = command as? any AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
