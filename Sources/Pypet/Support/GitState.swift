import Foundation

/// The state of a git repository as the `git` command reports it: the commit, the branch, the changed
/// files and a hash of the changes.
struct GitState: Sendable, Hashable {
    var commit: String
    var branch: String
    /// Files with uncommitted changes or untracked, as `git status --porcelain` lists them.
    var changedFiles: [String]
    /// SHA-1 of `git diff HEAD` plus the untracked files' names ("" when clean).
    var changesHash: String

    var isDirty: Bool { !changedFiles.isEmpty }

    /// The state of the repository containing `folder`; nil when it is in none (or git is missing).
    static func read(in folder: String) -> GitState? {
        // One call for the commit and the branch, one for the changes.
        guard let heads = try? git(["rev-parse", "HEAD", "--abbrev-ref", "HEAD"], in: folder).split(separator: "\n").map(String.init),
            heads.count == 2, heads[0].count >= 40
        else { return nil }
        let commit = heads[0], branch = heads[1]
        let status = (try? git(["status", "--porcelain", "--untracked-files=all"], in: folder)) ?? ""
        let changed = status.split(separator: "\n").map { String($0.dropFirst(3)) }.filter { !$0.isEmpty }
        var hash = ""
        if !changed.isEmpty {
            let diff = (try? git(["diff", "HEAD", "--binary"], in: folder)) ?? ""
            hash = SHA1.hexDigest(diff + "\n" + changed.joined(separator: "\n"))
        }
        return GitState(commit: commit, branch: branch, changedFiles: changed, changesHash: hash)
    }

    /// Commits every change in the repository containing `folder` with `message`.
    static func commitAll(in folder: String, message: String) throws(EnvironmentError) {
        do {
            _ = try git(["add", "-A"], in: folder)
            _ = try git(["-c", "user.name=swift-pypet", "-c", "user.email=swift-pypet@localhost", "commit", "-q", "-m", message], in: folder)
        } catch {
            throw EnvironmentError(code: .dirtyRepository, message: "cannot commit the working tree of \(folder): \(error.message)")
        }
    }

    /// Why a git command failed.
    struct Failure: Error {
        var message: String
    }

    /// Runs `git arguments` in `folder` and returns its standard output.
    private static func git(_ arguments: [String], in folder: String) throws(Failure) -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw Failure(message: "cannot run git (is it installed?)")
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let problem = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let text = String(decoding: problem, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw Failure(message: text.isEmpty ? "git \(arguments.first ?? "") failed (status \(process.terminationStatus))" : text)
        }
        return String(decoding: data, as: UTF8.self)
    }
}
