import Foundation
import Pypet
import PypetTestSupport
import Synchronization
import Testing

/// Messages of the errors post-processing caught.
private final class Caught: Sendable {
    let messages = Mutex<[String]>([])
}

@Suite("Trajectory results committed by post-processing")
struct TrajectoryResultTests {
    @Test("a TrajectoryResult commits like a run (it is in the file); a name outside results is a typed error")
    func commit() async throws {
        let directory = try TemporaryDirectory()
        let file = directory.file("summary.hdf5")
        let env = try Environment(trajectory: "summary", file: file, options: quietOptions(directory, cores: 1))
        try env.trajectory.addParameter("x", 0)
        try env.trajectory.explore(["x": [.int(1), .int(2), .int(3)]])
        let caught = Caught()
        try await env.run(
            { run -> Int in try run.value("x", as: Int.self) },
            postProcessing: .immediate { _, completions in
                var sum = 0
                for try await completion in completions { sum += completion.value ?? 0 }
                var summary = TrajectoryResult("results.summary", comment: "the runs' sum")
                summary.set("sum", .int(sum))
                try await completions.commit([summary])
                do {
                    try await completions.commit([TrajectoryResult("parameters.sneaky", items: [("x", .int(1))])])
                } catch {
                    caught.messages.withLock { $0.append("\(error)") }
                }
                return nil
            })
        let messages = caught.messages.withLock { $0 }
        #expect(messages.count == 1 && messages.allSatisfy { $0.contains("full name below 'results'") }, "\(messages)")
        let items = try TrajectoryStorage(path: file).loadItems(of: "results.summary")
        #expect(items.count == 1 && items[0].0 == "sum" && items[0].1 == .int(6))
    }
}
