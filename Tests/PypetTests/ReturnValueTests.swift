import Foundation
import Pypet
import PypetTestSupport
import Testing

/// A value wider than an existential's inline buffer, with a reference inside.
private struct Wide: Sendable, Equatable {
    var a, b, c, d: Double
    var label: String
}

private final class Token: Sendable {
    let index: Int
    init(index: Int) { self.index = index }
}

@Suite("Return values")
struct ReturnValueTests {
    private func environment(_ directory: TemporaryDirectory, _ name: String, cores: Int = 2) throws -> Environment {
        let env = try Environment(trajectory: name, file: directory.file("\(name).hdf5"), options: quietOptions(directory, cores: cores))
        try env.trajectory.addParameter("x", 0)
        try env.trajectory.explore(["x": (0..<6).map { .int($0) }])
        return env
    }

    @Test("values of every kind come back with their type: wide structs, optionals (nil included), classes, Void; failed runs have none")
    func kinds() async throws {
        let directory = try TemporaryDirectory()
        let wide = try await environment(directory, "wide").run { run in
            let x = try run.x.value(as: Int.self)
            return Wide(a: Double(x), b: 1, c: 2, d: 3, label: String(repeating: "v", count: 40 + x))
        }
        #expect(wide.map(\.value) == (0..<6).map { Wide(a: Double($0), b: 1, c: 2, d: 3, label: String(repeating: "v", count: 40 + $0)) })

        let optional: [RunOutcome<Int?>] = try await environment(directory, "optional").run { run in
            let x = try run.x.value(as: Int.self)
            return x.isMultiple(of: 2) ? x : nil
        }
        #expect(optional.map(\.value) == [.some(0), .some(nil), .some(2), .some(nil), .some(4), .some(nil)])

        let tokens = try await environment(directory, "tokens").run { run in Token(index: try run.x.value(as: Int.self)) }
        #expect(tokens.map { $0.value?.index } == [0, 1, 2, 3, 4, 5])

        let void: [RunOutcome<Void>] = try await environment(directory, "void").run { _ in }
        #expect(void.map(\.index) == [0, 1, 2, 3, 4, 5] && void.allSatisfy { $0.value != nil && $0.isCompleted })

        struct Odd: Error {}
        var options = quietOptions(directory, cores: 2)
        options.failurePolicy = .continue
        let env = try Environment(trajectory: "failing", file: directory.file("failing.hdf5"), options: options)
        try env.trajectory.addParameter("x", 0)
        try env.trajectory.explore(["x": (0..<6).map { .int($0) }])
        let mixed = try await env.run { run in
            let x = try run.x.value(as: Int.self)
            if !x.isMultiple(of: 2) { throw Odd() }
            return Double(x) / 2
        }
        #expect(mixed.map(\.value) == [0, nil, 1, nil, 2, nil])
        #expect(mixed.map(\.isCompleted) == [true, false, true, false, true, false])
    }

    @Test("immediate post-processing receives each completion's value with its type")
    func immediate() async throws {
        let directory = try TemporaryDirectory()
        let env = try environment(directory, "stream")
        var seen: [Int: Wide] = [:]
        _ = try await env.run(
            { run in Wide(a: Double(try run.x.value(as: Int.self)), b: 0, c: 0, d: 0, label: "run \(run.index)") },
            postProcessing: .immediate { _, completions in
                for try await completion in completions { seen[completion.index] = completion.value }
                return nil
            })
        #expect(seen.count == 6)
        #expect(seen.allSatisfy { $0.value == Wide(a: Double($0.key), b: 0, c: 0, d: 0, label: "run \($0.key)") })
    }
}
