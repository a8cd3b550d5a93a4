import Foundation
import PypetTestSupport
import Testing

/// Expected outputs of the `pypet` command on a fixed optimization file (``optimizationFile(_:)``: a
/// seeded GA, so every value is the same on every machine), in `Tests/PypetCLITests/Snapshots`. What
/// differs between machines and runs (the temporary folder, run times, who made the file and when) is
/// replaced by placeholders first. `PYPET_UPDATE_SNAPSHOTS=1` rewrites the files instead of comparing.
@Suite("pypet command output snapshots")
struct SnapshotTests {
    static let folder = Python.repositoryRoot + "/Tests/PypetCLITests/Snapshots/"

    /// The output with machine- and time-dependent text replaced.
    static func normalized(_ text: String, directory: String) -> String {
        var result = text.replacingOccurrences(of: directory, with: "<dir>")
        let patterns: [(String, String)] = [
            (#"\d\.\d{3} s"#, "#.### s"),  // run times (one digit before the point keeps the columns' widths)
            (#"made by: .*"#, "made by: <provenance>"),
            (#"\d{4}_\d\d_\d\d_\d\dh\d\dm\d\ds"#, "<time>"),
        ]
        for (pattern, replacement) in patterns {
            result = result.replacingOccurrences(of: pattern, with: replacement, options: .regularExpression)
        }
        // Escape characters shown as text, so a snapshot of coloured output stays readable.
        return result.replacingOccurrences(of: "\u{1B}", with: "\\e")
    }

    /// Compares `output` with the snapshot `name` (or writes it when updating).
    static func expectSnapshot(_ output: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let path = folder + name + ".txt"
        if ProcessInfo.processInfo.environment["PYPET_UPDATE_SNAPSHOTS"] == "1" {
            try output.write(toFile: path, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOfFile: path, encoding: .utf8)
        if expected != output {
            let got = output.split(separator: "\n", omittingEmptySubsequences: false)
            let want = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let line = zip(got, want).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(got.count, want.count)
            Issue.record(
                """
                \(name) differs from \(path) at line \(line + 1):
                  expected: \(line < want.count ? String(want[line]) : "<end>")
                  got:      \(line < got.count ? String(got[line]) : "<end>")
                (PYPET_UPDATE_SNAPSHOTS=1 rewrites the snapshots after a deliberate change)
                """, sourceLocation: sourceLocation)
        }
    }

    @Test("inspect, runs, status, generations, show and export print what the snapshots hold (not a terminal: no colour)")
    func commands() async throws {
        let directory = try TemporaryDirectory()
        let file = try await optimizationFile(directory)
        let cases: [(String, [String])] = [
            ("inspect-results", ["inspect", file, "results"]),
            ("inspect-parameters", ["inspect", file, "parameters"]),
            ("runs", ["runs", file, "--limit", "12"]),
            ("runs-failed-empty", ["runs", file, "--status", "failed"]),
            ("status", ["status", file]),
            ("generations", ["generations", file]),
            ("show-parameter", ["show", file, "x1"]),
            ("show-statistics", ["show", file, "results.generations.gen_00003.statistics"]),
            ("show-matrix", ["show", file, "results.generations.gen_00003.hall_of_fame"]),
            ("export-csv", ["export", file, "--format", "csv"]),
        ]
        for (name, arguments) in cases {
            let result = try pypet(arguments, environment: ["NO_COLOR": "", "PYPET_COLOR": ""])
            #expect(result.status == 0, "\(name): \(result.error)")
            #expect(!result.output.contains("\u{1B}"), "\(name) wrote colour codes into a pipe")
            try Self.expectSnapshot(Self.normalized(result.output, directory: directory.path), name)
        }
    }

    @Test("on a terminal, runs and status colour the status words (run under a pseudo-terminal)")
    func terminal() async throws {
        let directory = try TemporaryDirectory()
        let file = try await optimizationFile(directory)
        let binary = Python.repositoryRoot + "/.build/debug/pypet"
        for (name, arguments) in [("runs-terminal", ["runs", file, "--limit", "4"]), ("status-terminal", ["status", file])] {
            // Python's pty module gives the command a terminal as standard output, as an interactive shell would.
            let output = try Python.run("""
                import os, pty, subprocess, sys
                environment = dict(os.environ, TERM="xterm")
                environment.pop("NO_COLOR", None)
                environment.pop("PYPET_COLOR", None)
                leader, follower = pty.openpty()
                process = subprocess.Popen(sys.argv[1:], stdin=subprocess.DEVNULL, stdout=follower, stderr=subprocess.DEVNULL, env=environment)
                os.close(follower)
                chunks = []
                while True:
                    try:
                        data = os.read(leader, 65536)
                    except OSError:
                        break
                    if not data:
                        break
                    chunks.append(data)
                process.wait()
                sys.stdout.write(b"".join(chunks).decode().replace("\\r\\n", "\\n"))
                sys.exit(process.returncode)
                """, arguments: [binary] + arguments).standardOutput
            #expect(output.contains("\u{1B}[32m"), "\(name): no colour on a terminal")
            try Self.expectSnapshot(Self.normalized(output, directory: directory.path), name)
        }
    }
}
