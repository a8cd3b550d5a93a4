import Foundation
import HDF5
import PypetCore
@testable import PypetStorage
import PypetTestSupport
import Testing

@Suite("Merge order: results index and run values in run order")
struct MergeOrderTests {
    static func record(_ index: Int) -> RunRecord {
        var record = DurabilityTests.record(index)
        record.value = .list([.double(Double(index) * 1.5), .string("run \(index)")])
        return record
    }

    /// The bytes of `overview/<name>` of the trajectory `durable` in `path`.
    static func bytes(_ path: String, _ name: String) throws -> [UInt8] {
        let file = try HDF5File.open(path)
        defer { try? file.close() }
        return try file.root.openGroup("durable/overview").openDataset(name).read(as: UInt8.self)
    }

    /// Commits `sessions` of runs (in the order given) with a finish after each, as an interrupted and
    /// resumed search does; returns the final file.
    static func file(_ directory: TemporaryDirectory, _ name: String, sessions: [[Int]], checkpointRuns: Int) async throws -> String {
        let path = directory.file(name)
        let traj = try DurabilityTests.makeTrajectory(runs: 8)
        try RunStore.finish(path: path, trajectory: traj)
        for session in sessions {
            let store = try RunStore(path: path, trajectoryName: traj.name, length: 8, checkpointRuns: checkpointRuns, checkpointSeconds: 3600)
            for index in session { try await store.commit(Self.record(index)) }
            try await store.close()
            try RunStore.finish(path: path, trajectory: try TrajectoryStorage(path: path).load().trajectory)
        }
        return path
    }

    @Test("a resumed file's results index and run values equal an uninterrupted run's, byte for byte")
    func resumedEqualsUninterrupted() async throws {
        let directory = try TemporaryDirectory()
        // Finishing order differs from run order (several cores), parts overlap in run indices.
        let uninterrupted = try await Self.file(directory, "one.hdf5", sessions: [[3, 1, 0, 5, 2, 7, 4, 6]], checkpointRuns: 3)
        // Interrupted twice; the last session also repeats a run the first one had merged (a crash after
        // the merge, before the journal was deleted).
        let resumed = try await Self.file(directory, "resumed.hdf5", sessions: [[5, 1], [3, 0, 7], [2, 6, 4, 5]], checkpointRuns: 2)
        let straight = try await Self.file(directory, "straight.hdf5", sessions: [Array(0..<8)], checkpointRuns: 100)
        let expected = try Self.bytes(straight, ResultsIndex.name)
        #expect(!expected.isEmpty)
        #expect(try Self.bytes(uninterrupted, ResultsIndex.name) == expected)
        #expect(try Self.bytes(resumed, ResultsIndex.name) == expected)
        // In run order, one record per run.
        #expect(Journal.indexedFrames(expected).map(\.index) == Array(0..<8))
        // The return values are columns of the results table, the same however the runs were merged.
        let table = try TrajectoryStorage(path: straight).resultsTable()
        #expect(table != nil)
        #expect(try TrajectoryStorage(path: uninterrupted).resultsTable() == table)
        #expect(try TrajectoryStorage(path: resumed).resultsTable() == table)
        #expect(try TrajectoryStorage(path: straight).runValues().count == 8)
        let values = try TrajectoryStorage(path: resumed).runValues()
        #expect(values[5] == .list([.double(7.5), .string("run 5")]))
    }
}
