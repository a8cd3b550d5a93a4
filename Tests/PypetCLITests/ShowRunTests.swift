import Foundation
import Pypet
import PypetTestSupport
import Testing

@Suite("pypet show of one run")
struct ShowRunTests {
    /// 1,005 runs (so the runs are grouped in sets of 1,000), each storing `y` and `fit` (one item), merged
    /// in `layout`; run 1003 also stores a 25 x 2 matrix `m`.
    private func sweep(_ directory: TemporaryDirectory, layout: RunLayout) async throws -> String {
        let file = directory.file("sweep-\(layout.rawValue).hdf5")
        var options = EnvironmentOptions()
        options.progress = .none
        options.logLevel = .critical
        options.logFolder = nil
        options.storage.runLayout = layout
        let env = try Environment(trajectory: "sweep", file: file, options: options)
        try env.trajectory.addParameter("x", 0.0)
        try env.trajectory.explore(["x": (0..<1005).map { .double(Double($0)) }])
        _ = try await env.run { run in
            let x = try run.value("x", as: Double.self)
            try run.addResult("y", x)
            try run.addResult("fit", items: ["slope": .double(x)])
            if run.index == 1003 { try run.addResult("m", .array(try NDArray(shape: [25, 2], elements: .double((0..<50).map(Double.init))))) }
            return x
        }
        return file
    }

    @Test("a run's group and results by any of the names people type, what the run stored when a name is wrong", arguments: [RunLayout.pypet, .columns])
    func names(layout: RunLayout) async throws {
        let directory = try TemporaryDirectory()
        let file = try await sweep(directory, layout: layout)

        // `results.runs.run_...` in a file whose runs are in sets: the set is found.
        for name in ["results.runs.run_00001003", "results.run_set_00001.run_00001003", "run_00001003", "run_1003", "res.runs.run_1003"] {
            let group = try pypet(["show", file, name])
            #expect(group.status == 0, "\(name): \(group.error)")
            #expect(group.output == "results.run_set_00001.run_00001003\ngroup with 3 children: fit, m, y\n", "\(name): \(group.output)")
        }
        for name in ["run_1003.y", "results.runs.run_00001003.y", "run_00001003.y"] {
            let result = try pypet(["show", file, name])
            #expect(result.output == "results.run_set_00001.run_00001003.y\ny (Double): 1003\n", "\(name): \(result.output) \(result.error)")
        }
        let item = try pypet(["show", file, "run_1003.fit.slope"])
        #expect(item.output == "results.run_set_00001.run_00001003.fit.slope\nslope (Double): 1003\n", "\(item.output) \(item.error)")
        let noItem = try pypet(["show", file, "results.runs.run_1003.fit.intercept"])
        #expect(noItem.status != 0 && noItem.error.contains("has the items slope"), "\(noItem.error)")

        // A long matrix shows its first and last rows.
        let matrix = try pypet(["show", file, "run_1003.m"])
        let lines = matrix.output.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(lines.contains("[0, 1]") && lines.contains("[18, 19]") && lines.contains("…") && lines.contains("[48, 49]"), "\(matrix.output)")
        #expect(!lines.contains("[20, 21]") && lines.last == "(25 x 2)", "\(matrix.output)")

        // inspect takes the same names.
        for name in ["results.runs.run_1003", "run_00001003", "run_1003.y"] {
            let inspected = try pypet(["inspect", file, name])
            #expect(inspected.status == 0 && inspected.output.contains("y  [result] y: Double 1003"), "\(name): \(inspected.output) \(inspected.error)")
        }

        // The API behind it: one run's group and children; a group of results is not a result.
        let storage = TrajectoryStorage(path: file)
        let run = try #require(try storage.runResults(1003))
        #expect(run.fullName == "results.run_set_00001.run_00001003" && run.children == ["fit", "m", "y"])
        #expect(try storage.runResults(5000) == nil)
        #expect(throws: StorageError.self) { try storage.loadItems(of: "results.run_set_00001.run_00001003") }

        let wrong = try pypet(["show", file, "results.runs.run_00001003.z"])
        #expect(wrong.status != 0, "\(wrong.output)")
        #expect(wrong.error.contains("run 1003 stored fit, m, y (in results.run_set_00001.run_00001003)"), "\(wrong.error)")
        // A run set that does not hold the run, and a run that does not exist, are not found.
        let otherSet = try pypet(["show", file, "results.run_set_00000.run_00001003"])
        #expect(otherSet.status != 0 && otherSet.error.contains("no such item"), "\(otherSet.error)")
        let missing = try pypet(["show", file, "run_00002000"])
        #expect(missing.status != 0 && missing.error.contains("no such item"), "\(missing.error)")
    }
}
