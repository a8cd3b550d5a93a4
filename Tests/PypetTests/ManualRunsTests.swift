import Foundation
import Pypet
import PypetTestSupport
import Testing

@Suite("Manual runs")
struct ManualRunsTests {
    @Test("runs started and finished by hand are committed durably; a later session continues the rest")
    func manualRuns() async throws {
        let directory = try TemporaryDirectory()
        let file = directory.file("manual.hdf5")
        let trajectory = try Trajectory(name: "manual")
        try trajectory.addParameter("x", 0.0)
        try trajectory.explore(["x": [1.0, 2.0, 3.0, 4.0]])

        do {
            let runs = try await ManualRuns(trajectory: trajectory, file: file, seed: 9)
            #expect(runs.pendingRuns == [0, 1, 2, 3])
            for index in [0, 1] {
                let run = try runs.start(index)
                let x = try run.value("x", as: Double.self)
                try run.addResult("z", x * 10)
                try run.addResult("draw", try run.random.uniform())
                try await runs.finish(run, value: .double(x * 10))
            }
            let failing = try runs.start(2)
            try await runs.fail(failing, message: "diverged")
            #expect(throws: EnvironmentError.self) { try runs.start(0) }
            #expect(throws: EnvironmentError.self) { try runs.start(7) }
            // No close(): as if the process had been killed; the journal holds the three runs.
        }

        let continued = try await ManualRuns.continuing(file: file, seed: 9)
        #expect(continued.pendingRuns == [2, 3])
        for index in continued.pendingRuns {
            let run = try continued.start(index)
            try run.addResult("z", try run.value("x", as: Double.self) * 10)
            try await continued.finish(run)
        }
        try await continued.close()

        let stored = try TrajectoryStorage(path: file).load().trajectory
        for index in 0..<4 {
            #expect(try stored.value("results.runs.\(NodeName.run(index)).z", as: Double.self) == Double(index + 1) * 10)
        }
        #expect(stored.runInformation.allSatisfy { $0.completed }, "\(stored.runInformation)")
        // The same stream an environment's run 1 would draw from.
        #expect(try stored.value("results.runs.run_00000001.draw", as: Double.self) == (try RandomStream(seed: 9, keys: [1]).uniform()))
        #expect(try TrajectoryStorage(path: file).runValues()[1] == .double(20))
    }
}
