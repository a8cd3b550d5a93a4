import Foundation
import PypetCore
@testable import PypetStorage
import PypetTestSupport
import Testing

@Suite("Durability: journal, parts, merge")
struct DurabilityTests {
    static func record(_ index: Int, failed: Bool = false) -> RunRecord {
        RunRecord(
            index: index, status: failed ? .failed("run \(index) diverged") : .completed,
            started: 100 + Double(index), finished: 100.5 + Double(index),
            leaves: [
                .init(fullName: "results.runs.\(NodeName.run(index)).loss", kind: .result, comment: "loss",
                      items: [.init("loss", .double(Double(index) * 0.5))]),
                .init(fullName: "results.runs.\(NodeName.run(index)).extra", kind: .result,
                      items: [.init("values", [1, 2]), .init("name", .string("ü\(index)")), .init("table", ["k": 1])]),
            ])
    }

    @Test("journal records round-trip; a torn or corrupt tail is detected and cut off")
    func journal() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("j.journal")
        do {
            let journal = try Journal(path: path, durability: .power)
            for index in 0..<5 { try journal.append(Self.record(index, failed: index == 3)) }
        }
        var read = Journal.read(path)
        #expect(read.records == (0..<5).map { Self.record($0, failed: $0 == 3) })
        #expect(read.validLength == read.totalLength)
        // A torn tail: half a record appended.
        let whole = Journal.readFile(path) ?? []
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(whole.prefix(30)))
        try handle.close()
        read = Journal.read(path)
        #expect(read.records.count == 5 && read.totalLength - read.validLength == 30)
        #expect(try Journal.recover(path) == 30)
        #expect(Journal.read(path).validLength == whole.count)
        // A flipped byte inside record 2 stops reading there.
        var corrupt = whole
        let second = Journal.read(path).records[0].encoded().count + Journal.headerSize
        corrupt[second + Journal.headerSize + 3] ^= 0xFF
        let corruptPath = try directory.write(corrupt, to: "c.journal")
        #expect(Journal.read(corruptPath).records.count == 1)
        #expect(Journal.read(directory.file("missing.journal")).records.isEmpty)
        // The checking scan without decoding agrees with reading.
        #expect(Journal.validLength(whole) == whole.count)
        #expect(Journal.validLength(whole + Array(whole.prefix(30))) == whole.count)
        #expect(Journal.validLength(corrupt) == second)
        #expect(Journal.validLength([]) == 0 && Journal.validLength(Array("PPJ1".utf8)) == 0)
    }

    static func makeTrajectory(runs: Int) throws -> Trajectory {
        let traj = try Trajectory(name: "durable", comment: "journal test")
        try traj.addParameter("x", 0.0)
        try traj.explore(["x": (0..<runs).map { .double(Double($0)) }])
        return traj
    }

    @Test("commits go to the journal, checkpoints seal parts, finish merges into one pypet file")
    func storeAndFinish() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("durable.hdf5")
        let traj = try Self.makeTrajectory(runs: 8)
        try RunStore.finish(path: path, trajectory: traj)  // the skeleton: every run explored, none completed
        var status = try RunStore.status(path: path)
        #expect(status.length == 8 && status.completed.isEmpty && status.missing == Array(0..<8))

        let store = try RunStore(path: path, trajectoryName: traj.name, length: 8, checkpointRuns: 3, checkpointSeconds: 3600)
        for index in 0..<7 { try await store.commit(Self.record(index, failed: index == 4)) }
        try await store.waitUntilSealed()
        status = try RunStore.status(path: path)
        #expect(status.completed == [0, 1, 2, 3, 5, 6])
        #expect(status.failed == [4: "run 4 diverged"])
        #expect(status.missing == [7])
        #expect(status.parts == 2 && status.journalRecords == 1)
        #expect(!status.isFinished)
        try await store.close()

        try RunStore.finish(path: path, trajectory: traj)
        #expect(PartFile.sealed(for: path).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: path + ".journal"))
        status = try RunStore.status(path: path)
        #expect(status.completed == [0, 1, 2, 3, 5, 6] && status.missing == [7] && status.parts == 0)
        let loaded = try TrajectoryStorage(path: path).load().trajectory
        #expect(try loaded.resultsFromRuns("loss") == [0: 0.0, 1: 0.5, 2: 1.0, 3: 1.5, 4: 2.0, 5: 2.5, 6: 3.0])
        #expect(try loaded.runInformation(4).failure == "run 4 diverged")
        #expect(try loaded.result("results.runs.run_00000005.extra").item("name") == "ü5")

        // The last run, in a second session, completes the search.
        let again = try RunStore(path: path, trajectoryName: traj.name, length: 8)
        try await again.commit(Self.record(7))
        try await again.close()
        let reloaded = try TrajectoryStorage(path: path).load().trajectory
        try RunStore.finish(path: path, trajectory: reloaded)
        status = try RunStore.status(path: path)
        #expect(status.completed == [0, 1, 2, 3, 5, 6, 7] && status.missing.isEmpty && status.failed.count == 1)
    }

    @Test("opening a store recovers: leftover temporaries are deleted, a torn journal tail is cut, journal runs are kept")
    func recovery() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("crash.hdf5")
        let traj = try Self.makeTrajectory(runs: 4)
        try RunStore.finish(path: path, trajectory: traj)
        do {
            let store = try RunStore(path: path, trajectoryName: traj.name, length: 4, checkpointRuns: 100)
            try await store.commit(Self.record(0))
            try await store.commit(Self.record(1))
        }
        // What a crash leaves behind: half a journal record, a half-written part and a half-merged file.
        let handle = try #require(FileHandle(forWritingAtPath: path + ".journal"))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("PPJ1\u{20}\0\0\0garbage".utf8))
        try handle.close()
        try FileManager.default.createDirectory(atPath: path + ".parts", withIntermediateDirectories: true)
        try directory.write([1, 2, 3], to: "crash.hdf5.parts/part_00000000.h5.tmp")
        try directory.write([1, 2, 3], to: "crash.hdf5.tmp")
        var status = try RunStore.status(path: path)
        #expect(status.tornJournalBytes > 0 && status.completed == [0, 1])

        let store = try RunStore(path: path, trajectoryName: traj.name, length: 4)
        #expect(!FileManager.default.fileExists(atPath: path + ".tmp"))
        #expect(!FileManager.default.fileExists(atPath: path + ".parts/part_00000000.h5.tmp"))
        status = try RunStore.status(path: path)
        #expect(status.tornJournalBytes == 0 && status.completed == [0, 1])
        try await store.commit(Self.record(2))
        try await store.close()
        try RunStore.finish(path: path, trajectory: traj)
        #expect(try RunStore.status(path: path).completed == [0, 1, 2])
    }
}

@Suite("Durability: journal segments while parts are sealed")
struct JournalSegmentTests {
    @Test("runs of a rotated journal whose part was never sealed (a crash while sealing) are recovered and sealed")
    func unsealedSegment() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("segment.hdf5")
        let traj = try DurabilityTests.makeTrajectory(runs: 4)
        try RunStore.finish(path: path, trajectory: traj)
        do {
            let store = try RunStore(path: path, trajectoryName: traj.name, length: 4, checkpointRuns: 100)
            try await store.commit(DurabilityTests.record(0))
            try await store.commit(DurabilityTests.record(1, failed: true))
        }
        // What rotation leaves when the process dies before the part is renamed.
        try FileManager.default.createDirectory(atPath: path + ".parts", withIntermediateDirectories: true)
        try FileManager.default.moveItem(atPath: path + ".journal", toPath: path + ".parts/" + RunStore.segmentName(1))
        var status = try RunStore.status(path: path)
        #expect(status.completed == [0] && status.failed == [1: "run 1 diverged"] && status.parts == 0 && status.journalRecords == 2)

        let store = try RunStore(path: path, trajectoryName: traj.name, length: 4, checkpointRuns: 100)
        try await store.commit(DurabilityTests.record(2))
        try await store.close()
        #expect(RunStore.journalSegments(path).isEmpty, "the segment is deleted once its runs are in a sealed part")
        status = try RunStore.status(path: path)
        #expect(status.completed == [0, 2] && status.failed.keys.sorted() == [1] && status.parts == 1 && status.journalRecords == 0)
        try RunStore.finish(path: path, trajectory: traj)
        #expect(!FileManager.default.fileExists(atPath: path + ".parts"))
        let loaded = try TrajectoryStorage(path: path).load().trajectory
        #expect(try loaded.resultsFromRuns("loss") == [0: 0.0, 1: 0.5, 2: 1.0])
        #expect(try loaded.runInformation(1).failure == "run 1 diverged")
    }

    @Test("a segment whose part was sealed but not yet deleted (a crash in between) only duplicates runs; the merge keeps one copy")
    func sealedSegmentLeftBehind() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("twice.hdf5")
        let traj = try DurabilityTests.makeTrajectory(runs: 3)
        try RunStore.finish(path: path, trajectory: traj)
        let store = try RunStore(path: path, trajectoryName: traj.name, length: 3, checkpointRuns: 100)
        try await store.commit(DurabilityTests.record(0))
        try await store.commit(DurabilityTests.record(1))
        let journal = try Data(contentsOf: URL(fileURLWithPath: path + ".journal"))
        try await store.close()
        #expect(try RunStore.status(path: path).parts == 1)
        try journal.write(to: URL(fileURLWithPath: path + ".parts/" + RunStore.segmentName(7)))

        let again = try RunStore(path: path, trajectoryName: traj.name, length: 3, checkpointRuns: 100)
        try await again.commit(DurabilityTests.record(2))
        try await again.close()
        #expect(RunStore.journalSegments(path).isEmpty)
        try RunStore.finish(path: path, trajectory: traj)
        #expect(try RunStore.status(path: path).completed == [0, 1, 2])
        let loaded = try TrajectoryStorage(path: path).load().trajectory
        #expect(try loaded.resultsFromRuns("loss") == [0: 0.0, 1: 0.5, 2: 1.0])
    }

    @Test("checkpoints overlap with commits: every committed run is reported completed at any moment, and close waits for the seals")
    func overlappingSeals() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("overlap.hdf5")
        let traj = try DurabilityTests.makeTrajectory(runs: 200)
        try RunStore.finish(path: path, trajectory: traj)
        let store = try RunStore(path: path, trajectoryName: traj.name, length: 200, checkpointRuns: 7, checkpointSeconds: 3600)
        for index in 0..<200 {
            try await store.commit(DurabilityTests.record(index))
            if index % 37 == 0 { #expect(try RunStore.status(path: path).completed.count == index + 1) }
        }
        try await store.close()
        let status = try RunStore.status(path: path)
        #expect(status.completed == Array(0..<200) && status.parts == 29 && status.journalRecords == 0)
        #expect(RunStore.journalSegments(path).isEmpty)
    }
}

@Suite("Run records")
struct RunRecordTests {
    @Test("a record collects exactly its run's results and derived parameters, and applies back")
    func collectAndApply() throws {
        let traj = try Trajectory(name: "records")
        try traj.addParameter("x", 0.0)
        try traj.explore(["x": [1.0, 2.0, 3.0]])
        try traj.forEachRun { run in
            try traj.addResult("runs.$.loss", .double(Double(run)), comment: "the loss")
            try traj.addDerivedParameter("runs.$.scale", .int(run * 10))
        }
        try traj.addResult("$set.run_00000001.extra", "bucketed")
        let record = try RunRecord.collect(from: traj, run: 1, status: .completed, started: 5, finished: 6)
        #expect(Set(record.leaves.map(\.fullName)) == [
            "results.runs.run_00000001.loss", "derived_parameters.runs.run_00000001.scale",
            "results.run_set_ALL.run_00000001.extra",
        ])
        let copy = try Trajectory(name: "records")
        try copy.addParameter("x", 0.0)
        try copy.explore(["x": [1.0, 2.0, 3.0]])
        try record.apply(to: copy)
        #expect(try copy.value("results.runs.run_00000001.loss", as: Double.self) == 1.0)
        #expect(try copy.result("results.runs.run_00000001.loss").comment == "the loss")
        #expect(try copy.value("derived_parameters.runs.run_00000001.scale", as: Int.self) == 10)
        #expect(try copy.isCompleted(1) && copy.runInformation(1).runtime == 1)
    }
}
