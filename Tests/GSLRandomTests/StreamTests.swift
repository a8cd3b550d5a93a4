import Foundation
import GSLRandom
import PypetTestSupport
import Testing

/// Expects `body` to throw a ``RandomStreamError`` with `code`.
func expectRandomError<R>(
    _ code: RandomStreamError.Code, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> R
) {
    expectError(code, as: RandomStreamError.self, sourceLocation: sourceLocation, body)
}

@Suite("Random streams")
struct StreamTests {
    @Test("known answer: the 1000th mt19937 draw with seed 4357 is 1186927261")
    func knownAnswer() throws {
        let stream = try RandomStream(seed: 4357)
        var last: UInt = 0
        for _ in 0..<1000 { last = stream.nextRaw() }
        #expect(last == 1_186_927_261)
        #expect(stream.generatorName == "mt19937")
        // Seed 0 is GSL's default seed 4357.
        let zero = try RandomStream(seed: 0)
        let fresh = try RandomStream(seed: 4357)
        #expect((0..<10).map { _ in zero.nextRaw() } == (0..<10).map { _ in fresh.nextRaw() })
    }

    @Test("same seed, same numbers; other seed, other numbers", arguments: ["mt19937", "ranlxd2", "taus2"])
    func determinism(name: String) throws {
        let algorithm = RandomAlgorithm(name: name)
        let a = try RandomStream(seed: 12345, algorithm: algorithm)
        let b = try RandomStream(seed: 12345, algorithm: algorithm)
        let c = try RandomStream(seed: 12346, algorithm: algorithm)
        let first = (0..<100).map { _ in a.uniform() }
        #expect(first == (0..<100).map { _ in b.uniform() })
        #expect(first != (0..<100).map { _ in c.uniform() })
        #expect(a.generatorName == name)
        #expect(RandomAlgorithm.available.contains(name))
    }

    @Test("bad seeds and unknown generators are typed errors")
    func badConstruction() {
        expectRandomError(.unknownAlgorithm) { try RandomStream(seed: 1, algorithm: RandomAlgorithm(name: "nope")) }
        expectRandomError(.invalidArgument) { try RandomStream(seed: UInt64(UInt32.max) + 1) }
    }

    @Test("sub-streams are deterministic, distinct, and independent of the parent's position")
    func substreams() throws {
        let root = try RandomStream(seed: 7)
        let a = try root.substream(3, 4)
        _ = (0..<50).map { _ in root.nextRaw() }  // moving the parent changes nothing
        let b = try root.substream(3).substream(4)
        let c = try RandomStream(seed: 7, keys: [3, 4])
        let draws = (0..<20).map { _ in a.nextRaw() }
        #expect(draws == (0..<20).map { _ in b.nextRaw() })
        #expect(draws == (0..<20).map { _ in c.nextRaw() })
        #expect(c.keys == [3, 4] && c.seed == 7)

        // Key order, key count and seed all matter; no two of many sub-streams start alike.
        var starts = Set<[UInt]>()
        let paths: [[UInt64]] = [[3, 4], [4, 3], [3, 4, 0], [3], [0], [0, 0], []]
        for path in paths {
            let stream = try RandomStream(seed: 7, keys: path)
            starts.insert((0..<4).map { _ in stream.nextRaw() })
        }
        #expect(starts.count == paths.count)
        var runStarts = Set<UInt>()
        for run in 0..<2000 {
            runStarts.insert(try root.substream(UInt64(run)).nextRaw())
        }
        #expect(runStarts.count >= 1999)  // 32-bit first draws; a single birthday collision is possible
        #expect(try RandomStream(seed: 8, keys: [3, 4]).nextRaw() != draws[0])
        // taus2 takes its three components from the derivation value: deterministic, distinct per key path
        // (first three draws compared: 96 bits), and restorable.
        let taus = try RandomStream(seed: 7, keys: [1], algorithm: .taus2)
        let taus2 = try RandomStream(seed: 7, keys: [2], algorithm: .taus2)
        #expect(taus.nextRaw() != taus2.nextRaw())
        var tausStarts = Set<[UInt]>()
        for run in 0..<2000 {
            let stream = try RandomStream(seed: 7, keys: [UInt64(run)], algorithm: .taus2)
            let again = try RandomStream(seed: 7, keys: [UInt64(run)], algorithm: .taus2)
            let start = (0..<3).map { _ in stream.nextRaw() }
            #expect(start == (0..<3).map { _ in again.nextRaw() })
            tausStarts.insert(start)
        }
        #expect(tausStarts.count == 2000)
        // Other generators derive through gsl_rng_set.
        let ranlux = try RandomStream(seed: 7, keys: [1], algorithm: .ranlxd2)
        let ranlux2 = try RandomStream(seed: 7, keys: [2], algorithm: .ranlxd2)
        #expect(ranlux.nextRaw() != ranlux2.nextRaw())
    }

    @Test("state saved mid-stream restores exactly, including after Gaussian draws", arguments: ["mt19937", "ranlxd2", "taus2"])
    func stateRoundTrip(name: String) throws {
        let stream = try RandomStream(seed: 99, keys: [1, 2], algorithm: RandomAlgorithm(name: name))
        for _ in 0..<37 { _ = stream.gaussian() }
        let saved = stream.state
        #expect(saved.algorithm == name)
        let expected = (0..<50).map { _ in stream.gaussian() } + (0..<50).map { _ in stream.uniform() }
        let restored = try RandomStream(restoring: saved)
        #expect((0..<50).map { _ in restored.gaussian() } + (0..<50).map { _ in restored.uniform() } == expected)
        #expect(restored.keys == [1, 2] && restored.seed == 99)
        // Restoring into an existing stream rewinds it.
        try stream.restore(saved)
        #expect(stream.gaussian() == expected[0])
    }

    @Test("mt19937 state is 5000 bytes; wrong sizes and names are typed errors")
    func stateErrors() throws {
        let stream = try RandomStream(seed: 1)
        var saved = stream.state
        #expect(saved.bytes.count == 5000)
        saved.bytes.removeLast()
        expectRandomError(.stateSizeMismatch) { try RandomStream(restoring: saved) }
        expectRandomError(.stateSizeMismatch) { try stream.restore(saved) }
        var renamed = stream.state
        renamed.algorithm = "nonexistent"
        expectRandomError(.unknownAlgorithm) { try RandomStream(restoring: renamed) }
        let taus = try RandomStream(seed: 1, algorithm: .taus2).state
        expectRandomError(.algorithmMismatch) { try stream.restore(taus) }
        var wrongSize = taus
        wrongSize.algorithm = "mt19937"
        expectRandomError(.stateSizeMismatch) { try RandomStream(restoring: wrongSize) }
    }

    @Test("the state is Codable")
    func stateCodable() throws {
        let stream = try RandomStream(seed: 5)
        _ = stream.uniform()
        let state = stream.state
        let encoded = try JSONLikeCoder.roundTrip(state)
        #expect(encoded == state)
    }

    @Test("the state's bytes are base64 in JSON; byte arrays of earlier records still decode; bad base64 is an error", arguments: [0, 1, 2, 3, 4, 5])
    func stateBase64(extra: Int) throws {
        // Every length modulo 3, so every padding case is exercised.
        let bytes = (0..<(30 + extra)).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        let state = RandomStreamState(algorithm: "mt19937", bytes: bytes, seed: 9, keys: [1, 2])
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(state)) as? [String: Any]
        let text = try #require(json?["bytes"] as? String)
        #expect(text == Data(bytes).base64EncodedString())
        #expect(try JSONLikeCoder.roundTrip(state) == state)
        let legacy = #"{"algorithm":"mt19937","bytes":[1,2,255],"seed":9,"keys":[1,2]}"#
        #expect(try JSONDecoder().decode(RandomStreamState.self, from: Data(legacy.utf8)).bytes == [1, 2, 255])
        for bad in ["AQI", "AQ=I", "A===", "AQ*D", "=AQI"] {
            let document = #"{"algorithm":"mt19937","bytes":"\#(bad)","seed":9,"keys":[]}"#
            #expect(throws: DecodingError.self) { try JSONDecoder().decode(RandomStreamState.self, from: Data(document.utf8)) }
        }
    }
}
