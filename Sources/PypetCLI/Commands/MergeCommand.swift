import ArgumentParser
import Foundation
import Pypet

struct MergeCommand: FileCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge the trajectories of several files (one per cluster job) into one new file.",
        discussion: """
            The first input's trajectory gets the runs of every later one, renumbered, with their results, run \
            information and return values. The trajectories must have the same parameters. Inputs are only read.
            Example: pypet merge sweep.hdf5 jobs/job_*.hdf5   or   pypet merge sweep.hdf5 --folder jobs
            """)

    @Argument(help: "The merged file to write.")
    var output: String

    @Argument(help: "The files to merge, in order.")
    var inputs: [String] = []

    @Option(help: "Merge every .hdf5 file of this folder (in name order) instead of listing them.")
    var folder: String?

    @Option(help: "The trajectory to take from each file (the last one in the file by default).")
    var trajectory: String?

    @Flag(help: "Leave out runs whose point an earlier input already has.")
    var removeDuplicates = false

    @Flag(help: "Replace the output file if it exists.")
    var force = false

    /// The file a crash message names: the first input (or the folder), which the child reads.
    var file: String { inputs.first ?? folder ?? output }

    /// A merge writes; it may take as long as it needs.
    static var isTimed: Bool { false }

    func validate() throws {
        guard folder != nil || !inputs.isEmpty else { throw ValidationError("give input files or --folder") }
        guard folder == nil || inputs.isEmpty else { throw ValidationError("give input files or --folder, not both") }
    }

    func run() throws {
        let summary: TrajectoryFiles.MergeSummary
        do {
            if let folder {
                summary = try TrajectoryFiles.mergeAll(
                    inFolder: folder, into: output, trajectory: trajectory, removeDuplicates: removeDuplicates, overwrite: force)
            } else {
                summary = try TrajectoryFiles.merge(inputs, into: output, trajectory: trajectory, removeDuplicates: removeDuplicates, overwrite: force)
            }
        } catch {
            throw CLIError("cannot merge: \(error.message)", file: error.file ?? output, item: error.item)
        }
        var line = "merged \(summary.inputs.count) files into \(summary.output): trajectory '\(summary.trajectory)', \(summary.runs) runs"
        if summary.skippedDuplicates > 0 { line += " (\(summary.skippedDuplicates) duplicate runs left out)" }
        print(line)
    }
}
