import Foundation
import Pypet
import PypetTestSupport
import Testing

/// A job's file: x explored over `xs`, y fixed, z = x * y stored per run and returned.
private func jobFile(_ directory: TemporaryDirectory, _ name: String, xs: [Double], y: Double = 2) async throws -> String {
    let file = directory.file("jobs/\(name).hdf5")
    let env = try Environment(trajectory: "sweep", file: file, options: quietOptions(directory))
    try env.trajectory.addParameter("x", 1.0)
    try env.trajectory.addParameter("y", y)
    try env.trajectory.explore(["x": xs.map { .double($0) }])
    try await env.run(multiply)
    return file
}

@Suite("Merging files of separate jobs")
struct MergeFilesTests {
    @Test("mergeAll(inFolder:) appends every job's runs with results and return values; pypet 0.6.1 reads the merged file")
    func mergesJobs() async throws {
        let directory = try TemporaryDirectory()
        _ = try await jobFile(directory, "job_0", xs: [1, 2])
        _ = try await jobFile(directory, "job_1", xs: [3, 4, 5])
        _ = try await jobFile(directory, "job_2", xs: [6])
        let output = directory.file("sweep.hdf5")
        let summary = try TrajectoryFiles.mergeAll(inFolder: directory.file("jobs"), into: output)
        #expect(summary.runs == 6 && summary.inputs.count == 3 && summary.trajectory == "sweep")

        let trajectory = try TrajectoryStorage(path: output).load().trajectory
        #expect(try trajectory.parameter("x").range == [1, 2, 3, 4, 5, 6].map { PypetValue.double($0) })
        for run in 0..<6 {
            #expect(try trajectory.value("results.runs.\(NodeName.run(run)).z", as: Double.self) == Double(run + 1) * 2)
        }
        #expect(trajectory.runInformation.allSatisfy { $0.completed })
        let values = try TrajectoryStorage(path: output).runValues()
        #expect(values.keys.sorted() == Array(0..<6) && values[5] == .double(12))

        let python = try Python.run("""
            import sys
            from pypet import load_trajectory
            traj = load_trajectory(filename=sys.argv[1], index=-1, load_all=2, force=True)
            print([float(traj.f_get_from_runs("z", fast_access=True)[name]) for name in traj.f_get_run_names()])
            """, arguments: [output])
        #expect(python.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines) == "[2.0, 4.0, 6.0, 8.0, 10.0, 12.0]")

        // Merging again into the same output needs overwrite; with it, duplicates can be left out.
        #expect(throws: StorageError.self) { try TrajectoryFiles.mergeAll(inFolder: directory.file("jobs"), into: output) }
        let again = try TrajectoryFiles.merge(
            [directory.file("jobs/job_0.hdf5"), directory.file("jobs/job_0.hdf5"), directory.file("jobs/job_2.hdf5")], into: output,
            removeDuplicates: true, overwrite: true)
        #expect(again.runs == 3 && again.skippedDuplicates == 2)
    }

    @Test("incompatible trajectories, missing inputs, unmerged inputs and an empty folder are typed errors naming the file")
    func badInputs() async throws {
        let directory = try TemporaryDirectory()
        let a = try await jobFile(directory, "a", xs: [1, 2])
        let b = try await jobFile(directory, "b", xs: [3], y: 5)
        let output = directory.file("out.hdf5")
        let mismatch = expectError(StorageError.Code.mismatch, as: StorageError.self) { try TrajectoryFiles.merge([a, b], into: output) }
        #expect(mismatch?.file == b && mismatch?.message.contains("fixed at different values") == true)
        #expect(!FileManager.default.fileExists(atPath: output))

        let missing = expectError(StorageError.Code.notFound, as: StorageError.self) {
            try TrajectoryFiles.merge([a, directory.file("nope.hdf5")], into: output)
        }
        #expect(missing?.file == directory.file("nope.hdf5"))
        #expect(throws: StorageError.self) { try TrajectoryFiles.merge([a], into: a, overwrite: true) }

        _ = FileManager.default.createFile(atPath: a + ".journal", contents: Data())
        let unmerged = expectError(StorageError.Code.invalidFile, as: StorageError.self) { try TrajectoryFiles.merge([a, b], into: output) }
        #expect(unmerged?.message.contains("pypet compact") == true)

        try FileManager.default.createDirectory(atPath: directory.file("empty"), withIntermediateDirectories: true)
        #expect(throws: StorageError.self) { try TrajectoryFiles.mergeAll(inFolder: directory.file("empty"), into: output) }
    }
}
