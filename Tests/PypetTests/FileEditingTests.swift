import Foundation
import Pypet
import PypetTestSupport
import Testing

@Suite("Deleting items and repacking")
struct FileEditingTests {
    @Test("a deleted result is gone for the loader and h5py; repacking gives its space back; the rest stays")
    func deleteAndRepack() async throws {
        let directory = try TemporaryDirectory()
        let file = directory.file("edit.hdf5")
        let env = try multiplyEnvironment(directory, file: file)
        try await env.run { run in
            let z = try await multiply(run)
            if run.index == 0 { try run.addResult("big", .array(NDArray((0..<400_000).map { Double($0) * 0.5 }))) }
            return z
        }
        let storage = TrajectoryStorage(path: file)
        try storage.deleteItem("results.runs.run_00000000.big")
        try storage.deleteItem("results.runs.run_00000002", recursive: true)
        let (before, after) = try storage.repack()
        #expect(before - after > 2_000_000, "\(before) -> \(after)")

        let loaded = try storage.load().trajectory
        #expect(throws: TrajectoryError.self) { try loaded.value("results.runs.run_00000000.big", as: Double.self) }
        #expect(throws: TrajectoryError.self) { try loaded.value("results.runs.run_00000002.z", as: Double.self) }
        #expect(try loaded.value("results.runs.run_00000000.z", as: Double.self) == 6)
        #expect(try loaded.value("results.runs.run_00000011.z", as: Double.self) == 32)
        let python = try Python.run("""
            import sys, h5py
            with h5py.File(sys.argv[1]) as f:
                runs = f["multiply/results/runs"]
                print("big" in runs["run_00000000"], "run_00000002" in runs, float(runs["run_00000005/z/z"][()]))
            """, arguments: [file])
        #expect(python.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines) == "False False 16.0")
    }

    @Test("deleting a parameter, a missing item, or a group of results without recursive is a typed error")
    func refusals() async throws {
        let directory = try TemporaryDirectory()
        let file = directory.file("edit.hdf5")
        try await multiplyEnvironment(directory, file: file).run(multiply)
        let storage = TrajectoryStorage(path: file)
        #expect(expectError(StorageError.Code.unsupported, as: StorageError.self) { try storage.deleteItem("parameters.x") }?.item == "parameters.x")
        #expect(expectError(StorageError.Code.notFound, as: StorageError.self) { try storage.deleteItem("results.runs.run_00000000.nothing") } != nil)
        #expect(expectError(StorageError.Code.unsupported, as: StorageError.self) { try storage.deleteItem("results.runs") }?.message.contains("recursively") == true)
        #expect(throws: StorageError.self) { try TrajectoryStorage(path: directory.file("missing.hdf5")).repack() }
    }
}
