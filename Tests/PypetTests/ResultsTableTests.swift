import Foundation
import Pypet
import PypetTestSupport
import Testing

@Suite("The results table: every run's scalar results and return value as columns")
struct ResultsTableTests {
    @Test("overview/results has one typed column per scalar result, nested item, short array and the return value; pandas reads it")
    func columns() async throws {
        let directory = try TemporaryDirectory()
        let file = directory.file("table.hdf5")
        var options = quietOptions(directory, cores: 2)
        options.checkpointRuns = 4  // some runs come through parts
        let env = try Environment(trajectory: "table", file: file, options: options)
        try env.trajectory.addParameter("x", 0)
        try env.trajectory.explore(["x": (0..<10).map { .int($0) }])
        try await env.run { run -> [Double] in
            let x = try run.value("x", as: Int.self)
            try run.addResult("y", Double(x) * 1.5)
            try run.addResult("n", x)
            try run.addResult("label", "run \(x)")
            try run.addResult("fit", items: ["slope": .double(Double(x) / 2), "stats.mean": .double(Double(x) + 0.25)])
            try run.addResult("pair", .array(NDArray([Double(x), -Double(x)])))
            if x.isMultiple(of: 2) { try run.addResult("even_only", Double(x)) }
            return [Double(x), 1]
        }
        let script = """
            import h5py, json, sys
            import pandas as pd
            with h5py.File(sys.argv[1], "r") as f:
                frame = pd.DataFrame(f["table/overview/results"][()])
            print(json.dumps({
                "columns": list(frame.columns),
                "idx": [int(v) for v in frame["idx"]],
                "y": [float(v) for v in frame["y"]],
                "n_dtype": str(frame["n"].dtype),
                "label": [v.decode() for v in frame["label"]],
                "mean": [float(v) for v in frame["fit.stats.mean"]],
                "pair_1": [float(v) for v in frame["pair_1"]],
                "even": [None if v != v else float(v) for v in frame["even_only"]],
                "value_0": [float(v) for v in frame["run_value_0"]],
            }))
            """
        let json = try #require(try Python.json(script, arguments: [file]) as? [String: Any])
        let columns = json["columns"] as? [String] ?? []
        #expect(Set(columns) == ["idx", "y", "n", "label", "fit.slope", "fit.stats.mean", "pair_0", "pair_1", "even_only", "run_value_type", "run_value_0", "run_value_1"],
                "\(columns)")
        #expect(json["idx"] as? [Int] == Array(0..<10))
        #expect(json["y"] as? [Double] == (0..<10).map { Double($0) * 1.5 })
        #expect(json["n_dtype"] as? String == "int64")
        #expect((json["label"] as? [String])?[3] == "run 3")
        #expect((json["mean"] as? [Double])?[4] == 4.25)
        #expect((json["pair_1"] as? [Double])?[2] == -2)
        let even = json["even"] as? [Any] ?? []
        #expect(even.count == 10 && (even[1] is NSNull) && (even[2] as? Double) == 2)
        #expect(json["value_0"] as? [Double] == (0..<10).map(Double.init))
        // The results index is a table too: one row per item, each value in the column of its type.
        let index = try Python.json("""
            import h5py, json, sys
            import pandas as pd
            with h5py.File(sys.argv[1], "r") as f:
                frame = pd.DataFrame(f["table/overview/results_index"][()])
            for column in ("result", "comment", "item", "type", "string", "json"):
                frame[column] = frame[column].str.decode("utf-8")
            run3 = frame[frame["idx"] == 3]
            print(json.dumps({
                "columns": list(frame.columns),
                "y": float(run3[run3["item"] == "y"]["double"].iloc[0]),
                "n": int(run3[run3["item"] == "n"]["int"].iloc[0]),
                "label": run3[run3["item"] == "label"]["string"].iloc[0],
                "pair": json.loads(run3[run3["item"] == "pair"]["json"].iloc[0]),
                "results": sorted(set(run3["result"])),
            }))
            """, arguments: [file]) as? [String: Any]
        #expect(index?["columns"] as? [String] == ["idx", "result", "comment", "item", "type", "int", "double", "string", "json"])
        #expect(index?["y"] as? Double == 4.5 && index?["n"] as? Int == 3 && index?["label"] as? String == "run 3")
        #expect((index?["pair"] as? [String: Any])?["array"] != nil, "\(index?["pair"] ?? "")")
        #expect((index?["results"] as? [String])?.contains("results.runs.run_00000003.fit") == true)

        // The table is the file's record of the return values: read back exactly as the jobs returned them.
        let values = try TrajectoryStorage(path: file).runValues()
        #expect(values.count == 10 && values[7] == .list([.double(7), .double(1)]))
    }

    @Test("return values of every kind come back exactly from the table's columns; what fits no column goes to JSON")
    func exactReturnValues() async throws {
        let directory = try TemporaryDirectory()
        let file = directory.file("values.hdf5")
        let env = try Environment(trajectory: "values", file: file, options: quietOptions(directory, cores: 1))
        try env.trajectory.addParameter("k", 0)
        try env.trajectory.explore(["k": (0..<9).map { .int($0) }])
        let returned: [PypetValue] = [
            .int(3), .double(-0.1), .string("tanh"), .bool(true), .array(NDArray([1.5, .nan, .infinity])),
            .int(1 << 60), .dictionary(["a": .int(1), "b": .string("x")]), .array(NDArray(Array(repeating: 0.25, count: 40))), .list([.int(2), .int(5)]),
        ]
        try await env.run { run -> PypetValue in returned[try run.value("k", as: Int.self)] }
        let values = try TrajectoryStorage(path: file).runValues()
        for (index, value) in returned.enumerated() {
            if case .array(let array) = value, case .double(let expected) = array.elements,
               case .array(let got)? = values[index], case .double(let read) = got.elements {
                #expect(read.count == expected.count && zip(read, expected).allSatisfy { $0.bitPattern == $1.bitPattern }, "run \(index)")
            } else {
                #expect(values[index] == value, "run \(index)")
            }
        }
        let kinds = try Python.json("""
            import h5py, json, sys
            with h5py.File(sys.argv[1], "r") as f:
                table = f["values/overview/results"][()]
                print(json.dumps([t.decode() for t in table["run_value_type"]]))
                assert "run_values" not in f["values/overview"]
            """, arguments: [file]) as? [String]
        // The string cannot share run_value's float64 column with the numbers: it alone goes to JSON, as do the
        // big integer, the dictionary and the long array.
        #expect(kinds == ["int", "double", "json", "bool", "double[3]", "json", "json", "json", "list_int[2]"], "\(kinds ?? [])")
    }

    @Test("a run with an item too wide for the results index is left out of it and loads from its group")
    func wideItemsStayOut() async throws {
        let directory = try TemporaryDirectory()
        let file = directory.file("wide.hdf5")
        let env = try Environment(trajectory: "wide", file: file, options: quietOptions(directory, cores: 1))
        try env.trajectory.addParameter("k", 0)
        try env.trajectory.explore(["k": [.int(0), .int(1), .int(2)]])
        try await env.run { run -> Int in
            let k = try run.value("k", as: Int.self)
            try run.addResult("y", Double(k))
            // 150 doubles: a 1.2 KB record, indexable as frames, but its JSON is wider than a row may be.
            if k == 1 { try run.addResult("trace", .array(NDArray((0..<150).map { Double($0) / 7 }))) }
            return k
        }
        let indexed = try Python.json("""
            import h5py, json, sys
            with h5py.File(sys.argv[1], "r") as f:
                print(json.dumps(sorted(set(int(i) for i in f["wide/overview/results_index"]["idx"]))))
            """, arguments: [file]) as? [Int]
        #expect(indexed == [0, 2])
        let loaded = try TrajectoryStorage(path: file).load().trajectory
        let trace = try loaded.result("results.runs.run_00000001.trace").item("trace")
        #expect(trace == .array(NDArray((0..<150).map { Double($0) / 7 })))
        #expect(try loaded.result("results.runs.run_00000002.y").item("y") == .double(2))
    }
}
