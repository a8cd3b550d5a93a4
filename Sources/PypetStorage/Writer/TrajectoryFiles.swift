import Foundation
import PypetCore
import HDF5

/// Combines trajectory files written by separate jobs (pypet's `merge_all_in_folder`): a cluster without
/// MPI runs one job per part of a sweep, each writing its own file, then merges them into one.
public enum TrajectoryFiles {
    /// What a merge did.
    public struct MergeSummary: Sendable, Hashable {
        /// The merged file.
        public var output: String
        /// The trajectory's name in it (the first input's).
        public var trajectory: String
        /// The inputs, in merge order.
        public var inputs: [String]
        /// Runs in the merged trajectory.
        public var runs: Int
        /// Runs of later inputs left out as duplicates of earlier points (with `removeDuplicates`).
        public var skippedDuplicates: Int
    }

    /// Merges the trajectory of every file in `inputs` into a new file `output`: the first input's
    /// trajectory with the runs of every later one appended and renumbered (their results, derived
    /// parameters, run information and return values with them; each merge recorded under
    /// `config.merge`). The trajectories must have the same parameters with the same types; explored
    /// parameters may differ (a parameter explored on one side only takes the other side's default).
    /// Trajectory-level results that are not runs (an optimizer's generation records) come from the first
    /// input. Inputs are only read; `output` must not exist unless `overwrite`.
    ///
    /// Throws ``StorageError`` naming the file: a missing or unreadable input, an input with parts or a
    /// journal not merged yet (run `pypet compact` on it), trajectories that do not match.
    @discardableResult
    public static func merge(
        _ inputs: [String], into output: String, trajectory name: String? = nil, removeDuplicates: Bool = false, overwrite: Bool = false
    ) throws(StorageError) -> MergeSummary {
        guard let first = inputs.first else {
            throw StorageError(code: .notFound, message: "no input files to merge", file: output)
        }
        let target = URL(fileURLWithPath: output).standardizedFileURL.path
        for input in inputs {
            guard FileManager.default.fileExists(atPath: input) else {
                throw StorageError(code: .notFound, message: "no such file", file: input)
            }
            guard URL(fileURLWithPath: input).standardizedFileURL.path != target else {
                throw StorageError(code: .alreadyExists, message: "the output file is also an input; choose another output", file: input)
            }
            if FileManager.default.fileExists(atPath: input + ".journal") || FileManager.default.fileExists(atPath: input + ".parts") {
                throw StorageError(
                    code: .invalidFile, message: "it has a journal or parts not merged yet (an interrupted run); run `pypet compact` on it first",
                    file: input)
            }
        }
        if FileManager.default.fileExists(atPath: output) {
            guard overwrite else {
                throw StorageError(code: .alreadyExists, message: "the output file exists; remove it or allow overwriting", file: output)
            }
            try RunStore.removeFiles(path: output)
        }
        let base = try TrajectoryStorage(path: first).load(name: name).trajectory
        var values = try TrajectoryStorage(path: first).runValues(of: base.name)
        var skipped = 0
        for input in inputs.dropFirst() {
            let storage = TrajectoryStorage(path: input)
            let other = try storage.load(name: name).trajectory
            let otherValues = try storage.runValues(of: other.name)
            let report: MergeReport
            do {
                report = try base.merge(other, removeDuplicates: removeDuplicates)
            } catch {
                var message = "cannot merge it into \(first): \(error.message)"
                if !error.candidates.isEmpty { message += " (\(error.candidates.joined(separator: ", ")))" }
                throw StorageError(code: .mismatch, message: message, file: input, item: error.name)
            }
            skipped += report.skippedDuplicates.count
            for (old, new) in report.renumbered { if let value = otherValues[old] { values[new] = value } }
        }
        try write(base, values: values, to: output)
        return MergeSummary(output: output, trajectory: base.name, inputs: inputs, runs: base.length, skippedDuplicates: skipped)
    }

    /// Merges every file ending in `.extension` in `folder` (in name order; `output` itself excluded)
    /// into `output` (see ``merge(_:into:trajectory:removeDuplicates:overwrite:)``).
    @discardableResult
    public static func mergeAll(
        inFolder folder: String, into output: String, extension suffix: String = "hdf5", trajectory name: String? = nil,
        removeDuplicates: Bool = false, overwrite: Bool = false
    ) throws(StorageError) -> MergeSummary {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder)
        } catch {
            throw StorageError(code: .notFound, message: "cannot list the folder (missing or unreadable)", file: folder)
        }
        let target = URL(fileURLWithPath: output).standardizedFileURL.path
        let inputs = names.filter { $0.hasSuffix("." + suffix) }.sorted().map { folder + "/" + $0 }
            .filter { URL(fileURLWithPath: $0).standardizedFileURL.path != target }
        guard !inputs.isEmpty else {
            throw StorageError(code: .notFound, message: "no .\(suffix) files in the folder", file: folder)
        }
        return try merge(inputs, into: output, trajectory: name, removeDuplicates: removeDuplicates, overwrite: overwrite)
    }

    /// Stores `trajectory` with its runs' return values in a new file, written beside `output` and renamed.
    private static func write(_ trajectory: Trajectory, values: [Int: PypetValue], to output: String) throws(StorageError) {
        let temporary = output + ".tmp"
        try? FileManager.default.removeItem(atPath: temporary)
        do {
            try TrajectoryStorage(path: temporary).store(trajectory)
            if !values.isEmpty {
                let file = try HDF5File.open(temporary, mode: .readWrite, format: .v18)
                do {
                    try ResultsTable.store(values, into: try file.root.openGroup(trajectory.name))
                    try file.close()
                } catch {
                    try? file.close()
                    throw error
                }
            }
            guard rename(temporary, output) == 0 else { throw Journal.systemError("cannot rename the merged file", output) }
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw StorageError.wrapping(error, path: output, trajectoryCode: .invalidFile)
        }
    }
}
