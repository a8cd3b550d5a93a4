import ComplexModule
import Foundation
import Pypet
import PypetTestSupport
import Testing

@Suite("pypet command: values and counts")
struct FormattingTests {
    /// A trajectory explored over complex values, each run with a complex result, stored as a file.
    static func complexFile(_ directory: TemporaryDirectory) throws -> String {
        let path = directory.file("complex.hdf5")
        let trajectory = try Trajectory(name: "waves")
        try trajectory.addParameter("c", PypetValue.complex(Complex(0, 0)))
        let values: [Complex<Double>] = [Complex(1, -1), Complex(0, 1), Complex(1.5, 2), Complex(-0.25, 0)]
        try trajectory.explore(["c": values.map { .complex($0) }])
        for (index, value) in values.enumerated() {
            try trajectory.addResult("results.runs.\(NodeName.run(index)).z", .complex(value * value))
            try trajectory.markRunCompleted(index, at: 1)
        }
        try TrajectoryStorage(path: path).store(trajectory)
        return path
    }

    @Test("complex values print as Python writes them, and Python's complex() reads the CSV back")
    func complexValues() throws {
        let directory = try TemporaryDirectory()
        let file = try Self.complexFile(directory)
        let show = try pypet(["show", file, "c"])
        #expect(show.status == 0, "\(show.error)")
        #expect(show.output.contains("default: 0j"))
        #expect(show.output.contains("explored (4 runs): [(1-1j), 1j, (1.5+2j), (-0.25+0j)]"), "\(show.output)")
        let result = try pypet(["show", file, "results.runs.run_00000000.z"])
        #expect(result.output.contains("z (Complex<Double>): -2j"), "\(result.output)")

        let csvPath = directory.file("waves.csv")
        let export = try pypet(["export", file, "-o", csvPath])
        #expect(export.status == 0, "\(export.error)")
        let check = try Python.run("""
            import csv, sys
            rows = list(csv.DictReader(open(sys.argv[1])))
            print([complex(row["c"]) for row in rows] == [1-1j, 1j, 1.5+2j, -0.25+0j])
            print([complex(row["z"]) for row in rows] == [(1-1j)**2, (1j)**2, (1.5+2j)**2, (-0.25+0j)**2])
            """, arguments: [csvPath])
        #expect(check.status == 0 && check.standardOutput.split(separator: "\n") == ["True", "True"], "\(check.standardOutput) \(check.standardError)")
    }

    @Test("run groups in run sets are counted as runs: 1005 runs, not 1007 groups")
    func runSetCounts() async throws {
        let directory = try TemporaryDirectory()
        let file = directory.file("sets.hdf5")
        var options = EnvironmentOptions()
        options.progress = .none
        options.logLevel = .critical
        options.logFolder = nil
        options.runGrouping = .runSets
        let env = try Environment(trajectory: "sets", file: file, options: options)
        try env.trajectory.addParameter("x", 0)
        try env.trajectory.explore(["x": (0..<1005).map { .int($0) }])
        try await env.run { run in try run.addResult("y", .int(try run.x.value(as: Int.self) * 2)) }

        let inspect = try pypet(["inspect", file])
        #expect(inspect.status == 0, "\(inspect.error)")
        #expect(inspect.output.contains("(1005 runs, 2 run sets; --runs lists them)"), "\(inspect.output)")
        #expect(!inspect.output.contains("1007"))
    }
}
