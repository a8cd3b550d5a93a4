import Foundation
import PypetCore
import PypetStorage
import PypetTestSupport
import Testing

@Suite("Load modes")
struct LoadModeTests {
    @Test("skeleton loads results empty and fills them on first access; branches can be skipped; single items load alone")
    func modes() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("lazy.hdf5")
        let traj = try StoreInteropTests.makeTrajectory()
        try traj.addDerivedParameter("tau", 0.02)
        try traj.addConfig("seed", 7)
        let storage = TrajectoryStorage(path: path)
        try storage.store(traj)

        let skeleton = try storage.load(options: .skeleton).trajectory
        let product = try skeleton.result("results.runs.run_00000002.product")
        #expect(!product.isLoaded)
        #expect(try skeleton.value("x", as: Double.self) == 1.0)
        #expect(try product.value(as: Double.self) == 6.0)  // loads now, from the file
        #expect(product.isLoaded)
        let stats = try skeleton.result("results.runs.run_00000003.stats")
        #expect(stats.itemNames.sorted() == ["count", "grid", "name", "ok", "values"])
        #expect(try skeleton.resultsFromRuns("product") == [0: 3.0, 1: 4.0, 2: 6.0, 3: 8.0])

        let partial = try storage.load(options: LoadOptions(derivedParameters: .nothing, config: .nothing, results: .nothing)).trajectory
        #expect(partial.results.children.isEmpty)
        #expect(partial.config.children.isEmpty)
        #expect(partial.derivedParameters.children.isEmpty)
        #expect(try partial.parameter("x").range == [1.0, 1.0, 2.0, 2.0])
        #expect(partial.runInformation.map(\.completed) == [true, true, false, true])

        let items = try storage.loadItems(of: "results.runs.run_00000001.stats")
        #expect(Dictionary(uniqueKeysWithValues: items)["count"] == 1)
        expectError(.notFound, as: StorageError.self) { try storage.loadItems(of: "results.nothing.here") }

        // A deferred result whose file disappeared reports a typed error on access.
        let orphan = try storage.load(options: .skeleton).trajectory.result("results.runs.run_00000000.product")
        try FileManager.default.removeItem(atPath: path)
        expectError(.loadFailed, as: TrajectoryError.self) { try orphan.value }
        #expect(orphan.itemNames.isEmpty)
    }
}
