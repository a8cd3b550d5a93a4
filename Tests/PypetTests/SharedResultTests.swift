import Foundation
import Pypet
import PypetTestSupport
import Testing

/// Reads the shared table `losses` of `file` with pandas: the run column and the loss column.
private func sharedTable(_ file: String, trajectory: String) throws -> (runs: [Int], epochs: [Int], losses: [Double]) {
    let script = """
        import h5py, json, sys
        import pandas as pd
        with h5py.File(sys.argv[1], "r") as f:
            frame = pd.DataFrame(f[sys.argv[2] + "/results/losses/losses"][()])
        print(json.dumps({"run": [int(v) for v in frame["run"]], "epoch": [int(v) for v in frame["epoch"]], "loss": [float(v) for v in frame["loss"]]}))
        """
    let json = try #require(try Python.json(script, arguments: [file, trajectory]) as? [String: Any])
    return (json["run"] as? [Int] ?? [], json["epoch"] as? [Int] ?? [], json["loss"] as? [Double] ?? [])
}

@Suite("Shared results: a table every run appends rows to")
struct SharedResultTests {
    @Test("rows land in run order on 1, 2 and 4 cores, whatever the finishing order, through parts too; h5py and pandas read them")
    func runOrder() async throws {
        for cores in [1, 2, 4] {
            let directory = try TemporaryDirectory()
            let file = directory.file("shared.hdf5")
            var options = quietOptions(directory, cores: cores)
            options.checkpointRuns = 5  // rows also travel through sealed parts
            let env = try Environment(trajectory: "shared", file: file, options: options)
            try env.trajectory.addParameter("x", 0)
            try env.trajectory.explore(["x": (0..<24).map { .int($0) }])
            try await env.run { run in
                let x = try run.value("x", as: Int.self)
                // Later runs finish first now and then.
                try await Task.sleep(for: .milliseconds((24 - x) % 5))
                for epoch in 1...2 { try run.appendRow(to: "losses", ["epoch": .int(epoch), "loss": .double(Double(x) + Double(epoch) / 10)]) }
            }
            let table = try sharedTable(file, trajectory: "shared")
            #expect(table.runs == (0..<24).flatMap { [$0, $0] }, "cores \(cores)")
            #expect(table.epochs == Array(repeating: [1, 2], count: 24).flatMap { $0 })
            #expect(table.losses[7] == 3.2)
            let loaded = try TrajectoryStorage(path: file).load().trajectory
            guard case .table(let stored) = try loaded.result("results.losses").item("losses") else {
                Issue.record("the shared table did not load as a table")
                continue
            }
            #expect(stored.rowCount == 48 && stored.columnNames == ["run", "epoch", "loss"])
        }
    }

    @Test("a resumed exploration adds the rows of the runs it completes, once, in run order")
    func resumed() async throws {
        let directory = try TemporaryDirectory()
        let file = directory.file("resumed.hdf5")
        var options = quietOptions(directory, cores: 2)
        let first = try Environment(trajectory: "resumed", file: file, options: options)
        try first.trajectory.addParameter("x", 0)
        try first.trajectory.explore(["x": (0..<10).map { .int($0) }])
        try await first.run { run in
            let x = try run.value("x", as: Int.self)
            try run.appendRow(to: "losses", ["epoch": .int(1), "loss": .double(Double(x))])
            if x % 3 == 0 { throw FlakyFailure() }  // failed runs keep no rows
        }
        #expect(try sharedTable(file, trajectory: "resumed").runs == [1, 2, 4, 5, 7, 8])

        options.resume = true
        let second = try Environment(trajectory: "resumed", file: file, options: options)
        try await second.run { run in
            try run.appendRow(to: "losses", ["epoch": .int(1), "loss": .double(Double(try run.value("x", as: Int.self)))])
        }
        let table = try sharedTable(file, trajectory: "resumed")
        #expect(table.runs == Array(0..<10))
        #expect(table.losses == (0..<10).map(Double.init))
    }

    @Test("bad rows are typed errors")
    func badRows() async throws {
        let directory = try TemporaryDirectory()
        let env = try Environment(trajectory: "bad_rows", file: directory.file("bad.hdf5"), options: quietOptions(directory))
        let outcomes = try await env.run { run -> [String] in
            var codes: [String] = []
            func attempt(_ body: () throws -> Void) {
                do { try body(); codes.append("ok") } catch let error as TrajectoryError { codes.append("\(error.code)") } catch { codes.append("other") }
            }
            attempt { try run.appendRow(to: "t", ["a": .double(1)]) }
            attempt { try run.appendRow(to: "t", ["a": .array(NDArray([1.0]))]) }
            attempt { try run.appendRow(to: "t", ["b": .double(1)]) }
            attempt { try run.appendRow(to: "t", ["a": .int(1)]) }
            attempt { try run.appendRow(to: "t", ["run": .int(1)]) }
            attempt { try run.appendRow(to: "t", [:]) }
            return codes
        }
        #expect(outcomes.first?.value == ["ok", "invalid value", "invalid value", "invalid value", "invalid name", "invalid value"])
    }
}

private struct FlakyFailure: Error {}
