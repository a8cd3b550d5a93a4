import Foundation
import Pypet
import PypetTestSupport
import Testing

@Suite("Columns layout through the environment")
struct ColumnsLayoutTests {
    @Test("an environment with runLayout .columns writes no run groups and loads like pypet's layout; runs added later keep it")
    func environmentColumns() async throws {
        let directory = try TemporaryDirectory()
        let pypetFile = directory.file("pypet.hdf5"), columnsFile = directory.file("columns.hdf5")
        let pypetEnvironment = try multiplyEnvironment(directory, file: pypetFile, cores: 2)
        _ = try await pypetEnvironment.run(multiply)

        let env = try multiplyEnvironment(directory, file: columnsFile, cores: 2, layout: .columns)
        let outcomes = try await env.run(multiply)
        #expect(outcomes.allSatisfy { $0.isCompleted })

        let storage = TrajectoryStorage(path: columnsFile)
        #expect(try storage.runLayout() == .columns)
        #expect(try TrajectoryStorage(path: pypetFile).runLayout() == .pypet)
        #expect(try fileData(columnsFile) == fileData(pypetFile))
        let loaded = try storage.load().trajectory
        #expect(try loaded.resultsFromRuns("z") == TrajectoryStorage(path: pypetFile).load().trajectory.resultsFromRuns("z"))
        #expect(try storage.loadItems(of: "results.runs.run_00000005.z").first?.1 == .double(16))
        let table = try #require(try storage.resultsTable())
        #expect(table.rowCount == 12)

        // h5py sees no run groups, and the table it reads holds every product.
        let check = try Python.run("""
            import sys, h5py
            with h5py.File(sys.argv[1], "r") as f:
                base = f["multiply"]
                runs = base["results/runs"] if "results/runs" in base else {}
                print(len(runs), sorted(float(v) for v in base["overview/results"]["z"]))
            """, arguments: [columnsFile]).standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(check == "0 [6.0, 7.0, 8.0, 12.0, 14.0, 16.0, 18.0, 21.0, 24.0, 24.0, 28.0, 32.0]", "\(check)")

        // An expansion run later in the same file keeps the columns layout.
        try env.trajectory.expand(["x": [5.0], "y": [9.0]])
        _ = try await env.run(multiply)
        let expanded = try storage.load().trajectory
        #expect(try expanded.resultsFromRuns("z").count == 13)
        #expect(try expanded.result("results.runs.run_00000012.z").item("z") == .double(45))
        #expect(try storage.runLayout() == .columns)
    }
}
