import Foundation
import Pypet
import PypetTestSupport
import Testing

@Suite("Analysis over stored runs")
struct MapRunsTests {
    @Test("mapRuns reads each run's parameters, results and value lazily on several tasks and answers in run order (run sets too)")
    func mapRuns() async throws {
        let directory = try TemporaryDirectory()
        let file = directory.file("many.hdf5")
        var options = quietOptions(directory, cores: 2)
        options.runGrouping = .automatic
        let env = try Environment(trajectory: "many", file: file, options: options)
        try env.trajectory.addParameter("x", 0)
        try env.trajectory.explore(["x": (0..<1500).map { .int($0) }])
        try await env.run { run in
            let x = try run.value("x", as: Int.self)
            try run.addResult("z", 2 * x)
            try run.addResult("stats", items: ["mean": .double(Double(x) / 2), "n": .int(x)])
            return Double(x)
        }
        for cores in [1, 3] {
            let rows = try await TrajectoryStorage(path: file).mapRuns(cores: cores) { run in
                (run.index, run.parameters["parameters.x"], run["z"], run["stats.mean"], run.value)
            }
            #expect(rows.count == 1500)
            #expect(rows.map(\.0) == Array(0..<1500))
            #expect(rows[1234].1 == .int(1234) && rows[1234].2 == .int(2468) && rows[1234].3 == .double(617) && rows[1234].4 == .double(1234))
        }
        await #expect(throws: StorageError.self) {
            _ = try await TrajectoryStorage(path: directory.file("missing.hdf5")).mapRuns { $0.index }
        }
    }
}
