// pypet: look into swift-pypet (and pypet) HDF5 files from the shell: the tree, the runs, the status of
// an optimization, its generations, single items; merge leftovers; export; write an analysis notebook.

import ArgumentParser

@main
struct PypetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pypet",
        abstract: "Inspect, check, export and analyse swift-pypet trajectory files.",
        subcommands: [
            InspectCommand.self, RunsCommand.self, StatusCommand.self, GenerationsCommand.self, ShowCommand.self,
            CompactCommand.self, MergeCommand.self, ExportCommand.self, NotebookCommand.self,
        ])
}
