import PypetCore
@testable import Pypet
import Synchronization
import Testing

@Suite("Run queue")
struct RunQueueTests {
    private func request(_ index: Int) -> RunRequest {
        RunRequest(index: index, explored: ["x": .int(index)], parameters: ParameterSnapshot(values: [:]), seed: 1, usesRunSets: false)
    }

    private func batch(_ indices: [Int]) -> RunBatch {
        RunBatch(
            indices: indices, explored: [(name: "parameters.x", range: (0..<10).map { .int($0 * 10) }), (name: "parameters.short", range: [.string("a")])],
            parameters: ParameterSnapshot(values: [:]), seed: 3, usesRunSets: true)
    }

    @Test("requests and batches come out in submission order; a batch's request carries its run's explored values")
    func order() async throws {
        let drained = Mutex(0)
        let queue = RunQueue(onDrained: { drained.withLock { $0 += 1 } })
        #expect(queue.submit([request(7), request(8)]))
        #expect(queue.submit(batch([2, 0, 5])))
        #expect(queue.submit([request(9)]))
        #expect(queue.waitingCount == 6)
        var taken: [RunRequest] = []
        for _ in 0..<6 { taken.append(try #require(await queue.next())) }
        #expect(taken.map(\.index) == [7, 8, 2, 0, 5, 9])
        #expect(taken[2].explored == ["parameters.x": .int(20)])
        #expect(taken[3].explored == ["parameters.x": .int(0), "parameters.short": .string("a")])
        #expect(taken[4].seed == 3 && taken[4].usesRunSets)
        #expect(queue.waitingCount == 0 && queue.handedOutCount == 6)
        #expect(drained.withLock { $0 } == 1)
        queue.finish()
        #expect(await queue.next() == nil)
        #expect(!queue.submit([request(1)]))
    }

    @Test("a worker waiting on an empty queue gets the first run of a later batch")
    func waiting() async throws {
        let queue = RunQueue()
        async let first = queue.next()
        // Let the worker start waiting (it also works if it only asks after the submission).
        try await Task.sleep(for: .milliseconds(50))
        #expect(queue.submit(batch([4, 6])))
        let got = try #require(await first)
        #expect(got.index == 4 && got.explored["parameters.x"] == .int(40))
        #expect(try #require(await queue.next()).index == 6)
    }

    @Test("stop drops what waits, across segments, and returns its indices; nothing more is handed out")
    func stop() async throws {
        let queue = RunQueue()
        queue.submit([request(1), request(2)])
        queue.submit(batch([3, 4, 5]))
        #expect(try #require(await queue.next()).index == 1)
        #expect(queue.stop() == [2, 3, 4, 5])
        #expect(queue.isStopped && queue.waitingCount == 0)
        #expect(await queue.next() == nil)
        #expect(!queue.submit(batch([6])))
    }
}
