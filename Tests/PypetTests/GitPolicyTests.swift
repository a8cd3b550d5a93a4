import Foundation
import Pypet
import PypetTestSupport
import Testing

/// Runs git in `folder` (the tests' own repositories).
private func git(_ arguments: [String], in folder: String) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["git", "-c", "user.name=test", "-c", "user.email=test@localhost"] + arguments
    process.currentDirectoryURL = URL(fileURLWithPath: folder)
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "git \(arguments)")
}

/// The value of `config.environment.<name>.<key>` of the environment's record.
private func recorded(_ env: Environment, _ key: String) throws -> PypetValue {
    try env.trajectory.parameter("config.environment.\(env.name).\(key)").defaultValue
}

@Suite("git policy")
struct GitPolicyTests {
    @Test("a clean tree is recorded; a dirty one is recorded with its changes, refused, or committed before running")
    func policies() async throws {
        let directory = try TemporaryDirectory()
        let repository = directory.file("repo")
        try FileManager.default.createDirectory(atPath: repository, withIntermediateDirectories: true)
        try git(["init", "-q", "-b", "main"], in: repository)
        try "print(1)\n".write(toFile: repository + "/model.swift", atomically: true, encoding: .utf8)
        try git(["add", "-A"], in: repository)
        try git(["commit", "-q", "-m", "first"], in: repository)

        func environment(_ name: String, _ onDirty: GitPolicy.OnDirty) throws -> Environment {
            var options = quietOptions(directory)
            options.git = GitPolicy(repository: repository, onDirty: onDirty)
            return try Environment(trajectory: name, file: directory.file("\(name).hdf5"), options: options)
        }

        let clean = try environment("clean", .refuse)
        #expect(try recorded(clean, "git_dirty") == .bool(false))
        #expect(try recorded(clean, "git_branch") == .string("main"))
        guard case .string(let firstCommit) = try recorded(clean, "git_commit") else { Issue.record("no commit recorded"); return }
        #expect(firstCommit.count == 40)

        try "print(2)\n".write(toFile: repository + "/model.swift", atomically: true, encoding: .utf8)
        try "notes\n".write(toFile: repository + "/notes.txt", atomically: true, encoding: .utf8)
        let dirty = try environment("dirty", .record)
        #expect(try recorded(dirty, "git_dirty") == .bool(true))
        #expect(try recorded(dirty, "git_changed_files") == .string("model.swift\nnotes.txt"))
        guard case .string(let hash) = try recorded(dirty, "git_changes_sha1") else { Issue.record("no hash"); return }
        #expect(hash.count == 40)

        let refused = expectError(EnvironmentError.Code.dirtyRepository, as: EnvironmentError.self) { try environment("refused", .refuse) }
        #expect(refused?.message.contains("model.swift") == true)
        #expect(!FileManager.default.fileExists(atPath: directory.file("refused.hdf5")))

        let committed = try environment("committed", .commit(message: "before the sweep"))
        #expect(try recorded(committed, "git_dirty") == .bool(false))
        #expect(try recorded(committed, "git_commit") != .string(firstCommit))
        let again = try environment("again", .refuse)
        #expect(try recorded(again, "git_commit") == recorded(committed, "git_commit"))

        let outside = directory.file("outside")
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        var options = quietOptions(directory)
        options.git = GitPolicy(repository: outside, onDirty: .refuse)
        #expect(throws: EnvironmentError.self) { try Environment(trajectory: "outside", file: directory.file("o.hdf5"), options: options) }
    }
}
