import GSLRandom
import HDF5
import PypetTestSupport
import Testing

@Suite("README example")
struct ReadmeExampleTests {
    /// The README's example, verbatim but for the file path, so the README cannot drift from the API.
    @Test("the README example runs and writes what it says")
    func readmeExample() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("sweep.h5")

        let file = try HDF5File.create(path, ifExists: .truncate)
        let results = try file.root.createGroup("traj/results")            // intermediate groups on demand
        let series = try results.createDataset("loss", of: Double.self, shape: [0],
                                               options: .extendible(chunkRows: 4096, deflate: 4, shuffle: true))
        let stream = try RandomStream(seed: 42, keys: [7])                   // run 7's own stream
        try series.append([try stream.gaussian(mean: 0, sigma: 1)])
        let runs = try file.root.createTable("traj/overview/runs", columns: [
            HDF5Column("idx", .int64), HDF5Column("name", .string(length: 12)), HDF5Column("completed", .bool),
        ])
        try runs.append(["idx": .int(0), "name": .string("run_00000000")])
        try runs.update(row: 0, with: ["completed": .bool(true)])
        try file.close()

        let reopened = try HDF5File.open(path)
        let loss = try reopened.root.openDataset("traj/results/loss").read(as: Double.self)
        let expected = try RandomStream(seed: 42, keys: [7]).gaussian(mean: 0, sigma: 1)
        #expect(loss == [expected])
        #expect(try reopened.root.openTable("traj/overview/runs").row(0) == [
            "idx": .int(0), "name": .string("run_00000000"), "completed": .bool(true),
        ])
    }
}
