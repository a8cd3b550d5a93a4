import Foundation
import Pypet
import PypetTestSupport
import Testing

/// Words that must never reach a person: Swift type names and Foundation's error domains.
private let typeWords = ["StorageError", "TrajectoryError", "HDF5Error", "AlgorithmError", "CLIError", "NSCocoaErrorDomain", "Error Domain", "Code("]

/// Checks that an error message is plain: non-zero exit, no type names, the file (and more) named.
private func expectPlainError(
    _ result: (status: Int32, output: String, error: String, signalled: Bool), naming words: [String],
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(result.status != 0 && !result.signalled, "exit \(result.status)", sourceLocation: sourceLocation)
    for word in words { #expect(result.error.contains(word), "'\(word)' missing from: \(result.error)", sourceLocation: sourceLocation) }
    for word in typeWords { #expect(!result.error.contains(word), "'\(word)' in: \(result.error)", sourceLocation: sourceLocation) }
}

@Suite("pypet command: messages for people")
struct MessageTests {
    /// Each command with the arguments it needs besides FILE.
    static func command(_ name: String, _ file: String, _ directory: TemporaryDirectory) -> [String] {
        switch name {
        case "show": [name, file, "x"]
        case "notebook": [name, file, "-o", directory.file("analysis.ipynb")]
        default: [name, file]
        }
    }

    static let commands = ["inspect", "runs", "status", "generations", "show", "compact", "export", "notebook"]

    @Test("a missing file is an error for every command, compact included")
    func missingFile() throws {
        let directory = try TemporaryDirectory()
        let missing = directory.file("missing.hdf5")
        for name in Self.commands {
            expectPlainError(try pypet(Self.command(name, missing, directory)), naming: ["no such file", missing])
        }
    }

    @Test("a file that is not HDF5 (text, empty, a folder) is named as such by every command")
    func notHDF5() throws {
        let directory = try TemporaryDirectory()
        let text = try directory.write(Array("not an hdf5 file\n".utf8), to: "text.hdf5")
        let empty = try directory.write([], to: "empty.hdf5")
        for name in Self.commands {
            expectPlainError(try pypet(Self.command(name, text, directory)), naming: ["not an HDF5 file", text])
            expectPlainError(try pypet(Self.command(name, empty, directory)), naming: ["empty", empty])
            expectPlainError(try pypet(Self.command(name, directory.path, directory)), naming: ["folder", directory.path])
        }
    }

    @Test("a truncated file: every reading command names the file and libhdf5's reason, without type names")
    func truncated() async throws {
        let directory = try TemporaryDirectory()
        let file = try await optimizationFile(directory)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
        let truncated = try directory.write(Array(bytes.prefix(bytes.count / 2)), to: "truncated.hdf5")
        for name in Self.commands where name != "compact" {
            expectPlainError(try pypet(Self.command(name, truncated, directory)), naming: [truncated, "truncated file"])
        }
    }

    @Test("-o into a missing folder or onto a folder says so, for export and notebook")
    func outputFolder() async throws {
        let directory = try TemporaryDirectory()
        let file = try await optimizationFile(directory)
        let target = directory.file("nonexistent") + "/x"
        for name in ["export", "notebook"] {
            let missing = try pypet([name, file, "-o", target])
            expectPlainError(missing, naming: ["the folder", directory.file("nonexistent"), "does not exist", target])
            let folder = try pypet([name, file, "-o", directory.path])
            expectPlainError(folder, naming: ["folder", directory.path])
        }
    }

    @Test("an unknown item names the item and the file; a bad subtree of inspect too")
    func unknownItem() async throws {
        let directory = try TemporaryDirectory()
        let file = try await optimizationFile(directory)
        expectPlainError(try pypet(["show", file, "nothing_here"]), naming: ["nothing_here", file, "no such item"])
        expectPlainError(try pypet(["inspect", file, "results.nowhere"]), naming: ["results.nowhere", file])
        expectPlainError(try pypet(["inspect", file, "--trajectory", "other"]), naming: ["other", file])
    }

    @Test("compact of a file without leftovers still says there is nothing to merge; of a missing file, no such file")
    func compactMessages() async throws {
        let directory = try TemporaryDirectory()
        let file = try await optimizationFile(directory)
        let nothing = try pypet(["compact", file])
        #expect(nothing.status == 0 && nothing.output.contains("nothing to merge"))
        expectPlainError(try pypet(["compact", directory.file("gone.hdf5")]), naming: ["no such file", "gone.hdf5"])
    }
}
