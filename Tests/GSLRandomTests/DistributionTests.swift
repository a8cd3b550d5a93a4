import GSLRandom
import Testing

@Suite("Distributions")
struct DistributionTests {
    @Test("uniform draws stay in range, with the expected mean")
    func uniform() throws {
        let stream = try RandomStream(seed: 2024)
        let draws = (0..<20_000).map { _ in stream.uniform() }
        #expect(draws.allSatisfy { (0..<1).contains($0) })
        #expect(abs(draws.reduce(0, +) / Double(draws.count) - 0.5) < 0.01)
        let ranged = try (0..<1000).map { _ in try stream.uniform(in: -3..<5) }
        #expect(ranged.allSatisfy { (-3..<5).contains($0) })
        let tiny = try (0..<100).map { _ in try stream.uniform(in: 1..<1.0000000000000002) }
        #expect(tiny.allSatisfy { $0 == 1 })
    }

    @Test("integers cover the range without bias, including ranges wider than 32 bits")
    func integers() throws {
        let stream = try RandomStream(seed: 11)
        var counts = [Int](repeating: 0, count: 6)
        for _ in 0..<60_000 { counts[try stream.integer(in: 0..<6)] += 1 }
        #expect(counts.allSatisfy { abs($0 - 10_000) < 500 })
        let wide = (0..<1000).map { _ in stream.integer(in: 0...(1 << 40)) }
        #expect(wide.allSatisfy { (0...(1 << 40)).contains($0) })
        #expect(wide.contains { $0 > 1 << 33 })
        let full = (0..<100).map { _ in stream.integer(in: Int.min...Int.max) }
        #expect(Set(full).count == 100)
        #expect(stream.integer(in: 5...5) == 5)
        #expect(try stream.integer(in: -2 ..< -1) == -2)
    }

    @Test("Gaussian, exponential and Bernoulli draws have the expected moments")
    func moments() throws {
        let stream = try RandomStream(seed: 31)
        let n = 40_000
        let gaussian = try (0..<n).map { _ in try stream.gaussian(mean: 3, sigma: 2) }
        let mean = gaussian.reduce(0, +) / Double(n)
        let variance = gaussian.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(n - 1)
        #expect(abs(mean - 3) < 0.05)
        #expect(abs(variance.squareRoot() - 2) < 0.05)
        let exponential = try (0..<n).map { _ in try stream.exponential(mean: 0.5) }
        #expect(exponential.allSatisfy { $0 >= 0 })
        #expect(abs(exponential.reduce(0, +) / Double(n) - 0.5) < 0.02)
        let hits = try (0..<n).filter { _ in try stream.bernoulli(0.3) }.count
        #expect(abs(Double(hits) / Double(n) - 0.3) < 0.01)
        #expect(try stream.bernoulli(0) == false)
        #expect(try stream.bernoulli(1) == true)
        #expect(try stream.gaussian(mean: 1, sigma: 0) == 1)
    }

    @Test("choice, shuffle and sampling without replacement")
    func combinatorics() throws {
        let stream = try RandomStream(seed: 5)
        let items = ["a", "b", "c", "d"]
        var seen = Set<String>()
        for _ in 0..<200 { seen.insert(try stream.choice(from: items)) }
        #expect(seen == Set(items))
        var deck = Array(0..<52)
        stream.shuffle(&deck)
        #expect(deck.sorted() == Array(0..<52) && deck != Array(0..<52))
        let again = try RandomStream(seed: 5)
        for _ in 0..<200 { _ = try again.choice(from: items) }
        var deck2 = Array(0..<52)
        again.shuffle(&deck2)
        #expect(deck == deck2)
        let sample = try stream.sample(10, from: 100)
        #expect(sample.count == 10 && Set(sample).count == 10 && sample == sample.sorted())
        #expect(sample.allSatisfy { (0..<100).contains($0) })
        #expect(try stream.sample(5, from: 5) == [0, 1, 2, 3, 4])
        #expect(try stream.sample(0, from: 5) == [])
        #expect(try stream.sample(2, from: ["x", "y"]) == ["x", "y"])
        #expect(stream.shuffled([Int]()) == [])
    }

    @Test("invalid parameters are typed errors")
    func invalid() throws {
        let stream = try RandomStream(seed: 1)
        expectRandomError(.invalidArgument) { try stream.uniform(in: 1..<1) }
        expectRandomError(.invalidArgument) { try stream.uniform(in: 0..<Double.infinity) }
        expectRandomError(.invalidArgument) { try stream.uniform(in: -Double.greatestFiniteMagnitude..<Double.greatestFiniteMagnitude) }
        expectRandomError(.invalidArgument) { try stream.integer(in: 3..<3) }
        expectRandomError(.invalidArgument) { try stream.gaussian(mean: 0, sigma: -1) }
        expectRandomError(.invalidArgument) { try stream.gaussian(mean: .nan, sigma: 1) }
        expectRandomError(.invalidArgument) { try stream.exponential(mean: 0) }
        expectRandomError(.invalidArgument) { try stream.bernoulli(1.5) }
        expectRandomError(.invalidArgument) { try stream.choice(from: [Int]()) }
        expectRandomError(.invalidArgument) { try stream.sample(6, from: 5) }
        expectRandomError(.invalidArgument) { try stream.sample(-1, from: 5) }
    }

    @Test("RandomNumberGenerator conformance drives Swift's own APIs deterministically", arguments: ["mt19937", "ranlxd2", "taus2", "uni"])
    func standardLibrary(name: String) throws {
        let a = try RandomStream(seed: 77, algorithm: RandomAlgorithm(name: name))
        let b = try RandomStream(seed: 77, algorithm: RandomAlgorithm(name: name))
        var ga = a, gb = b
        let x = (0..<100).map { _ in Int.random(in: 0..<1000, using: &ga) }
        let y = (0..<100).map { _ in Int.random(in: 0..<1000, using: &gb) }
        #expect(x == y)
        #expect(Set(x).count > 50)
        let bits = (0..<64).map { _ in a.next() }
        // Every bit position is set somewhere and cleared somewhere.
        for bit in 0..<64 {
            #expect(bits.contains { $0 & (1 << UInt64(bit)) != 0 })
            #expect(bits.contains { $0 & (1 << UInt64(bit)) == 0 })
        }
    }

    @Test("streams derived per task give the same numbers whatever the scheduling")
    func concurrentSubstreams() async throws {
        let seed: UInt64 = 2026
        func draws(for run: Int) throws -> [Double] {
            let stream = try RandomStream(seed: seed, keys: [UInt64(run)])
            return try (0..<100).map { _ in try stream.gaussian(mean: 0, sigma: 1) }
        }
        let serial = try (0..<32).map(draws(for:))
        let parallel = try await withThrowingTaskGroup(of: (Int, [Double]).self) { group in
            for run in (0..<32).reversed() {
                group.addTask { (run, try draws(for: run)) }
            }
            var results = [[Double]](repeating: [], count: 32)
            for try await (run, values) in group { results[run] = values }
            return results
        }
        #expect(parallel == serial)
    }
}
