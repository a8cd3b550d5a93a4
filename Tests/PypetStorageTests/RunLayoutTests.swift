import Foundation
import HDF5
import PypetCore
@testable import PypetStorage
import PypetTestSupport
import Testing

@Suite("Run layouts")
struct RunLayoutTests {
    /// Run `index`'s record: small results of every kind (held by the index in the columns layout), every
    /// fourth run a large array (too big for the index: groups in both layouts), every fifth run a derived
    /// parameter, run 3 failed, a return value per run.
    static func record(_ index: Int, bucket: String = "runs") throws -> RunRecord {
        let run = "results.\(bucket).\(NodeName.run(index))"
        var leaves: [RunRecord.Leaf] = [
            .init(fullName: run + ".loss", kind: .result, comment: "the loss", items: [.init("loss", .double(Double(index) * 0.25))]),
            .init(fullName: run + ".fit", kind: .result, items: [
                .init("slope", .int(index)), .init("ok", .bool(index % 2 == 0)), .init("label", .string("räm \(index)")),
                .init("weights", .array(try NDArray(shape: [3], elements: .float([Float(index), 1.5, -2])))), .init("meta", ["k": .int(index), "s": "x"]),
                .init("small", .float(0.5)),
            ]),
        ]
        if index % 4 == 1 {
            leaves.append(.init(fullName: run + ".trace", kind: .result, items: [.init("trace", .array(NDArray((0..<400).map { Double($0 + index) })))]))
        }
        if index % 5 == 2 {
            leaves.append(.init(fullName: "derived_parameters.\(bucket).\(NodeName.run(index)).rate", kind: .derivedParameter, items: [.init("rate", .double(2.5))]))
        }
        return RunRecord(
            index: index, status: index == 3 ? .failed("run 3 diverged") : .completed,
            started: 10 + Double(index), finished: 10.5 + Double(index), leaves: leaves, value: .double(Double(index) + 0.125))
    }

    /// A file of `runs` runs committed through a run store (parts every 4 runs, 2 runs left in the
    /// journal) and merged in `layout`.
    static func storedFile(_ path: String, layout: RunLayout, runs: Int = 14, bucket: String = "runs", deflate: Int? = nil) async throws {
        let traj = try DurabilityTests.makeTrajectory(runs: runs)
        let options = StorageOptions(deflate: deflate, runLayout: layout)
        try RunStore.finish(path: path, trajectory: traj, options: options)
        let store = try RunStore(path: path, trajectoryName: traj.name, length: runs, checkpointRuns: 4, checkpointSeconds: 3600)
        for index in 0..<runs { try await store.commit(try record(index, bucket: bucket)) }
        try await store.waitUntilSealed()
        // No close(): the last runs stay in the journal and reach the file through the merge's second path.
        try RunStore.finish(path: path, trajectory: traj, options: options)
    }

    /// One leaf item's value and its leaf's comment (or a parameter's default and range).
    struct Entry: Equatable {
        var value: PypetValue?
        var text: String
    }

    /// Every leaf of `trajectory` with its items, comments and the run statuses.
    static func snapshot(_ trajectory: Trajectory) -> [String: Entry] {
        var snapshot: [String: Entry] = [:]
        for leaf in trajectory.root.leaves() {
            if let result = leaf as? ResultNode {
                for name in result.itemNames { snapshot[result.fullName + "." + name] = Entry(value: try? result.item(name), text: result.comment) }
            } else if let parameter = leaf as? Parameter {
                snapshot[parameter.fullName] = Entry(value: parameter.defaultValue, text: "\(parameter.range)")
            }
        }
        for info in trajectory.runInformation { snapshot["run \(info.index)"] = Entry(text: "\(info.completed) \(info.failure ?? "")") }
        return snapshot
    }

    /// The keys whose entries differ between two snapshots, with both (short).
    static func difference(_ lhs: [String: Entry], _ rhs: [String: Entry]) -> [String] {
        Set(lhs.keys).union(rhs.keys).sorted().filter { lhs[$0] != rhs[$0] }.prefix(8)
            .map { "\($0): \(lhs[$0].map { "\($0)" }?.prefix(100) ?? "nil") vs \(rhs[$0].map { "\($0)" }?.prefix(100) ?? "nil")" }
    }

    private static func hasGroup(_ path: String, _ group: String) throws -> Bool {
        let file = try HDF5File.open(path)
        defer { try? file.close() }
        return try file.root.contains("durable/" + group)
    }

    @Test("a columns-layout file and a pypet-layout file of the same runs load to equal trajectories")
    func sameTrajectory() async throws {
        let directory = try TemporaryDirectory()
        let pypet = directory.file("pypet.hdf5"), columns = directory.file("columns.hdf5")
        try await Self.storedFile(pypet, layout: .pypet)
        try await Self.storedFile(columns, layout: .columns)
        #expect(try TrajectoryStorage(path: pypet).runLayout() == .pypet)
        #expect(try TrajectoryStorage(path: columns).runLayout() == .columns)
        let fromPypet = try TrajectoryStorage(path: pypet).load(), fromColumns = try TrajectoryStorage(path: columns).load()
        #expect(fromPypet.failures.isEmpty && fromColumns.failures.isEmpty, "\(fromPypet.failures) \(fromColumns.failures)")
        let expected = Self.snapshot(fromPypet.trajectory)
        #expect(expected.count > 14 * 7)
        #expect(Self.difference(Self.snapshot(fromColumns.trajectory), expected) == [])
        #expect(try fromColumns.trajectory.resultsFromRuns("loss") == fromPypet.trajectory.resultsFromRuns("loss"))
        // Without the index, the pypet file still loads the same (its groups hold everything).
        var plain = LoadOptions()
        plain.usesResultsIndex = false
        #expect(Self.difference(Self.snapshot(try TrajectoryStorage(path: pypet).load(options: plain).trajectory), expected) == [])
        // Groups: every run in pypet's layout; in the columns layout only runs with a big result or that failed.
        #expect(try Self.hasGroup(pypet, "results/runs/run_00000000/loss"))
        #expect(try !Self.hasGroup(columns, "results/runs/run_00000000"))
        #expect(try Self.hasGroup(columns, "results/runs/run_00000001/trace") && Self.hasGroup(columns, "results/runs/run_00000001/loss"))
        #expect(try Self.hasGroup(columns, "results/runs/run_00000003/loss"))
        #expect(try Self.hasGroup(columns, "derived_parameters/runs/run_00000002/rate"))
        // One result read directly, and the return values, from either file.
        let item = try TrajectoryStorage(path: columns).loadItems(of: "results.runs.run_00000006.fit")
        #expect(item.map(\.0) == ["slope", "ok", "label", "weights", "meta", "small"])
        #expect(item.first?.1 == .int(6))
        #expect(try TrajectoryStorage(path: columns).runValues() == TrajectoryStorage(path: pypet).runValues())
        // A run asked for by name (what `pypet show` does), without the other runs.
        var one = LoadOptions.skeleton
        one.includesRunGroups = false
        one.runGroupNames = ["run_00000006"]
        let single = try TrajectoryStorage(path: columns).load(options: one).trajectory
        #expect(try single.result("results.runs.run_00000006.loss").item("loss") == .double(1.5))
        #expect((try? single.result("results.runs.run_00000007.loss")) == nil)
    }

    /// What mapRuns gives of one run.
    struct Summary: Equatable, Sendable {
        var results: [String: PypetValue]
        var value: PypetValue?
    }

    @Test("mapRuns gives every run's results from either layout")
    func mapRuns() async throws {
        let directory = try TemporaryDirectory()
        let pypet = directory.file("pypet.hdf5"), columns = directory.file("columns.hdf5")
        try await Self.storedFile(pypet, layout: .pypet, bucket: "run_set_00000")
        try await Self.storedFile(columns, layout: .columns, bucket: "run_set_00000")
        @Sendable func describe(_ run: StoredRun) -> Summary { Summary(results: run.results, value: run.value) }
        let fromPypet = try await TrajectoryStorage(path: pypet).mapRuns(cores: 2) { describe($0) }
        let fromColumns = try await TrajectoryStorage(path: columns).mapRuns(cores: 2) { describe($0) }
        #expect(fromPypet.count == 14 && fromColumns.count == 14)
        for index in fromPypet.indices where index < fromColumns.count {
            #expect(fromColumns[index] == fromPypet[index])
        }
        #expect(fromColumns[6].results["loss"] == .double(1.5) && fromColumns[6].results["fit.slope"] == .int(6))
    }

    @Test("runs merged later into a columns file keep its layout; a crash's leftover part merged twice changes nothing")
    func mergeAgain() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("again.hdf5"), reference = directory.file("reference.hdf5")
        try await Self.storedFile(reference, layout: .columns)
        let traj = try DurabilityTests.makeTrajectory(runs: 14)
        let options = StorageOptions(runLayout: .columns)
        try RunStore.finish(path: path, trajectory: traj, options: options)
        for range in [0..<5, 5..<14] {
            let store = try RunStore(path: path, trajectoryName: traj.name, length: 14, checkpointRuns: 3, checkpointSeconds: 3600)
            for index in range { try await store.commit(try Self.record(index)) }
            try await store.close()
            // Keep a copy of the parts, as a crash between the rename of the merged file and their deletion would.
            let parts = path + ".parts", kept = directory.file("kept.parts")
            try? FileManager.default.removeItem(atPath: kept)
            try FileManager.default.copyItem(atPath: parts, toPath: kept)
            try RunStore.finish(path: path, trajectory: try TrajectoryStorage(path: path).load().trajectory, options: options)
            try FileManager.default.moveItem(atPath: kept, toPath: parts)
            try RunStore.finish(path: path, trajectory: try TrajectoryStorage(path: path).load().trajectory, options: options)
            #expect(!FileManager.default.fileExists(atPath: parts))
        }
        #expect(try TrajectoryStorage(path: path).runLayout() == .columns)
        let loaded = try TrajectoryStorage(path: path).load(), expected = try TrajectoryStorage(path: reference).load()
        #expect(loaded.failures.isEmpty)
        #expect(Self.difference(Self.snapshot(loaded.trajectory), Self.snapshot(expected.trajectory)) == [])
    }

    @Test("deleting a run's result from a columns file removes its rows; the other runs keep theirs")
    func deleteIndexed() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("delete.hdf5")
        try await Self.storedFile(path, layout: .columns)
        let storage = TrajectoryStorage(path: path)
        try storage.deleteItem("results.runs.run_00000006.fit")
        #expect(throws: StorageError.self) { try storage.deleteItem("results.runs.run_00000006.fit") }
        #expect(throws: StorageError.self) { try storage.deleteItem("results.runs.run_00000007") }  // a group: recursive only
        try storage.deleteItem("results.runs.run_00000007", recursive: true)
        let loaded = try storage.load().trajectory
        #expect((try? loaded.result("results.runs.run_00000006.fit")) == nil)
        #expect(try loaded.result("results.runs.run_00000006.loss").item("loss") == .double(1.5))
        #expect((try? loaded.result("results.runs.run_00000007.loss")) == nil)
        #expect(try loaded.result("results.runs.run_00000008.fit").item("slope") == .int(8))
        #expect(try storage.runLayout() == .columns)
    }

    @Test("the export in pypet's layout loads like the pypet-layout file, in swift-pypet and in pypet 0.6.1")
    func exportPypetLayout() async throws {
        let directory = try TemporaryDirectory()
        let pypet = directory.file("pypet.hdf5"), columns = directory.file("columns.hdf5"), exported = directory.file("exported.hdf5")
        try await Self.storedFile(pypet, layout: .pypet)
        try await Self.storedFile(columns, layout: .columns)
        #expect(throws: StorageError.self) { try TrajectoryStorage(path: columns).exportPypetLayout(to: columns) }
        #expect(try TrajectoryStorage(path: columns).exportPypetLayout(to: exported) > 0)
        #expect(try TrajectoryStorage(path: exported).runLayout() == .pypet)
        #expect(try Self.hasGroup(exported, "results/runs/run_00000000/loss"))
        var plain = LoadOptions()
        plain.usesResultsIndex = false
        let expected = Self.snapshot(try TrajectoryStorage(path: pypet).load().trajectory)
        #expect(Self.difference(Self.snapshot(try TrajectoryStorage(path: exported).load(options: plain).trajectory), expected) == [])
        let script = """
            import sys
            from pypet import load_trajectory
            for path in sys.argv[1:]:
                t = load_trajectory(filename=path, index=-1, load_all=2, force=True)
                losses = []
                for i in range(len(t)):
                    t.v_idx = i
                    losses.append(repr(t.results.runs.f_get(t.v_crun).loss))
                t.v_idx = -1
                print(len(t), " ".join(losses), t.res.runs.run_00000006.fit.label)
            """
        let output = try Python.run(script, arguments: [pypet, exported]).standardOutput.split(separator: "\n")
        #expect(output.count == 2 && output[0] == output[1], "\(output)")
        #expect(output.first?.hasPrefix("14 0.0 0.25") == true, "\(output)")
        // h5py and pandas read the results table of the columns file as one frame.
        let frame = try Python.run("""
            import sys, h5py, pandas as pd
            with h5py.File(sys.argv[1], "r") as f:
                frame = pd.DataFrame(f["durable/overview/results"][()])
            print(len(frame), frame["loss"].iloc[6], frame["fit.slope"].iloc[6])
            """, arguments: [columns]).standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(frame == "14 1.5 6.0", "\(frame)")  // run 3 failed: no slope, so the column is float64 with a NaN
    }

    @Test("a part left by an earlier version (an HDF5 file in pypet's layout) still merges")
    func legacyPart() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("legacy.hdf5")
        let traj = try DurabilityTests.makeTrajectory(runs: 3)
        try RunStore.finish(path: path, trajectory: traj)
        try FileManager.default.createDirectory(atPath: path + ".parts", withIntermediateDirectories: true)
        // What the previous version sealed for runs 0 and 1: their groups, the runs table, the index frames.
        let part = try HDF5File.create(path + ".parts/part_00000000.h5", ifExists: .truncate, format: .v18)
        let base = try part.root.createGroup("durable")
        for index in 0..<2 {
            let node = try base.createGroup("results/runs/\(NodeName.run(index))/loss")
            try node.setAttribute(Layout.className, .string("Result"))
            try node.setAttribute(Layout.leaf, .bool(true))
            try ResultItemWriter(group: node, options: .init()).write(.double(Double(index) + 0.5), named: "loss", item: "loss")
        }
        let overview = try base.createGroup("overview")
        try overview.createTable("info", columns: [HDF5Column("length", .int64)], options: .extendible(chunkRows: 1)).append(["length": .int(3)])
        try overview.createTable("runs", columns: [
            HDF5Column("idx", .int64), HDF5Column("completed", .int32), HDF5Column("timestamp", .float64),
            HDF5Column("finish_timestamp", .float64), HDF5Column("message", .string(length: 1)), HDF5Column("pruned_step", .int64),
        ], options: .extendible(chunkRows: 2)).append(columns: [
            "idx": .int([0, 1]), "completed": .int([1, 1]), "timestamp": .double([1, 2]), "finish_timestamp": .double([1.5, 2.5]),
            "message": .string(["", ""]), "pruned_step": .int([-1, -1]),
        ])
        try part.close()
        #expect(try RunStore.status(path: path).completed == [0, 1])
        try RunStore.finish(path: path, trajectory: traj)
        let loaded = try TrajectoryStorage(path: path).load().trajectory
        #expect(try loaded.result("results.runs.run_00000001.loss").item("loss") == .double(1.5))
        #expect(loaded.runInformation.map(\.completed) == [true, true, false])
    }

    @Test("the merge writes run results with the storage options' compression, in both layouts")
    func mergeCompresses() async throws {
        let directory = try TemporaryDirectory()
        for layout in RunLayout.allCases {
            let path = directory.file("deflated-\(layout).hdf5")
            try await Self.storedFile(path, layout: layout, deflate: 4)
            let filters = try Python.run("""
                import sys, h5py
                with h5py.File(sys.argv[1], "r") as f:
                    print(f["durable/results/runs/run_00000001/trace/trace"].compression)
                """, arguments: [path]).standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(filters == "gzip", "\(layout): \(filters)")
        }
    }

    @Test("a result name is recognised as directly below run i's group, in runs or in its run set, and nothing else")
    func runPrefix() {
        func length(_ name: String, _ run: Int) -> Int? { ResultsIndex.runPrefixLength(name.utf8, run: run) }
        #expect(length("results.runs.run_00000007.loss", 7) == 26)
        #expect(length("results.run_set_00000.run_00000007.loss", 7) == 35)
        #expect(length("results.run_set_00002.run_00002500.x", 2500) == 35)
        #expect(length("results.run_set_123456.run_123456789.x", 123_456_789) == 37)
        #expect(length("results.runs.run_00000007.loss", 8) == nil)
        #expect(length("results.run_set_00001.run_00000007.loss", 7) == nil)
        #expect(length("results.runs.run_0000007.loss", 7) == nil)
        #expect(length("results.runs.run_000000007.loss", 7) == nil)
        #expect(length("results.runs.run_00000007", 7) == nil)
        #expect(length("results.runs.run_00000007.", 7) == nil)
        #expect(length("results.other.run_00000007.loss", 7) == nil)
        #expect(length("derived_parameters.runs.run_00000007.loss", 7) == nil)
        #expect(length("results.runs.run_0000000x.loss", 7) == nil)
    }

    @Test("a record's computed encoded size equals the length of its encoding")
    func encodedSize() throws {
        for index in 0..<8 {
            var record = try Self.record(index)
            if index == 5 { record.status = .failed("ünïcode failure") }
            if index == 6 { record.value = nil }
            if index == 7 { record.leaves.append(.init(fullName: "results.runs.run_00000007.c", kind: .result, items: [.init("c", .complex(.init(1, 2)))])) }
            #expect(record.encodedSize == record.encoded().count)
            let scalars = RunRecord(index: index, status: record.status, started: 1, finished: 2, leaves: [record.leaves[0]], value: .string("ok"))
            #expect(scalars.encodedSize == scalars.encoded().count)
        }
    }

    @Test("a damaged part is a typed error naming it, not a crash or a silent loss")
    func damagedPart() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("damaged.hdf5")
        let traj = try DurabilityTests.makeTrajectory(runs: 6)
        try RunStore.finish(path: path, trajectory: traj)
        let store = try RunStore(path: path, trajectoryName: traj.name, length: 6, checkpointRuns: 3, checkpointSeconds: 3600)
        for index in 0..<6 { try await store.commit(try Self.record(index)) }
        try await store.close()
        let parts = PartFile.sealed(for: path)
        #expect(parts.count == 2 && parts.allSatisfy { $0.hasSuffix(".records") })
        var bytes = try #require(FileManager.default.contents(atPath: parts[1]))
        bytes[bytes.count - 3] ^= 0xFF
        try bytes.write(to: URL(fileURLWithPath: parts[1]))
        let error = try #require(throws: StorageError.self) { try RunStore.finish(path: path, trajectory: traj) }
        #expect(error.description.contains("damaged") && error.description.contains((parts[1] as NSString).lastPathComponent), "\(error)")
    }
}
