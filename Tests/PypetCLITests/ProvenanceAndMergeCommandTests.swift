import Foundation
import Pypet
import PypetTestSupport
import Testing

/// A multiply-like file of `xs` (z = 2 x per run), written by an environment.
private func product(_ directory: TemporaryDirectory, _ name: String, xs: [Double]) async throws -> String {
    let file = directory.file("\(name).hdf5")
    var options = EnvironmentOptions()
    options.progress = .none
    options.logLevel = .critical
    options.logFolder = nil
    let env = try Environment(trajectory: "product", file: file, options: options)
    try env.trajectory.addParameter("x", 0.0)
    try env.trajectory.explore(["x": xs.map { .double($0) }])
    let input = try directory.write(Array("0.5,1.5\n".utf8), to: "\(name).csv")
    try env.recordInput(input)
    try await env.run { run in
        let z = 2 * (try run.value("x", as: Double.self))
        try run.addResult("z", z)
        return z
    }
    return file
}

@Suite("pypet provenance and merge")
struct ProvenanceAndMergeCommandTests {
    @Test("provenance prints every environment record: versions, user, command line, executor, inputs, run calls")
    func provenance() async throws {
        let directory = try TemporaryDirectory()
        let file = try await product(directory, "p", xs: [1, 2])
        let text = try pypet(["provenance", file])
        #expect(text.status == 0, "\(text.error)")
        for key in ["hdf5_version:", "user:", "command_line:", "executor: 1 core", "inputs.input_0.sha1:", "calls.call_0.outcome: finished: 2 runs completed, 0 failed"] {
            #expect(text.output.contains(key), "\(key)")
        }
        let json = try pypet(["provenance", file, "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
        #expect((object["environments"] as? [[String: Any]])?.count == 1)
        #expect(try pypet(["provenance", directory.file("missing.hdf5")]).status != 0)

        let status = try pypet(["status", file])
        #expect(status.output.contains("made by: ") && status.output.contains("swift-pypet") && status.output.contains("on 1 core"), "\(status.output)")
        let version = try pypet(["--version"])
        #expect(version.status == 0 && version.output.hasPrefix("swift-pypet ") && version.output.contains("libhdf5"))
        let repacked = try pypet(["compact", file, "--repack"])
        #expect(repacked.status == 0 && repacked.output.contains("repacked \(file)"), "\(repacked.error)")
        #expect(try TrajectoryStorage(path: file).runValues().count == 2)
    }

    @Test("merge combines job files into one; a mismatching job is a plain error naming its file")
    func merge() async throws {
        let directory = try TemporaryDirectory()
        let a = try await product(directory, "a", xs: [1, 2]), b = try await product(directory, "b", xs: [3])
        let output = directory.file("all.hdf5")
        let merged = try pypet(["merge", output, a, b])
        #expect(merged.status == 0, "\(merged.error)")
        #expect(merged.output.contains("merged 2 files into \(output): trajectory 'product', 3 runs"))
        let runs = try pypet(["runs", output])
        #expect(runs.output.contains("run_00000002"))
        let again = try pypet(["merge", output, a, b])
        #expect(again.status != 0 && again.error.contains("exists"))
        #expect(!again.error.contains("StorageError"))
    }
}
