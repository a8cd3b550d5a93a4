import Foundation
import PypetTestSupport
import Testing

@Suite("Crash tests")
struct CrashTests {
    /// Kills the `store-runs` example with SIGKILL at random moments across 20 trials (see
    /// `scripts/crash_test.py`): no committed run may be lost, no file may be unreadable, and every final
    /// file must hold exactly the right values with no temporary file, part or journal left.
    @Test("20 kill -9 trials per layout: no committed run lost, no unreadable file, nothing left over", arguments: ["pypet", "columns"])
    func killTrials(layout: String) throws {
        let binary = Python.repositoryRoot + "/.build/debug/store-runs"
        #expect(FileManager.default.isExecutableFile(atPath: binary), "build the package first (make test does)")
        let output = try Python.runFile(
            "scripts/crash_test.py", arguments: ["--binary", binary, "--trials", "20", "--seed", "7", "--layout", layout])
        let summary = try #require(
            try JSONSerialization.jsonObject(with: Data(output.standardOutput.utf8)) as? [String: Any])
        #expect(summary["ok"] as? Bool == true, "\(summary)")
        #expect(summary["layout"] as? String == layout)
        #expect(summary["lost_runs"] as? Int == 0)
        #expect(summary["unreadable"] as? Int == 0)
        #expect(summary["bad_final_files"] as? Int == 0)
        #expect((summary["kills"] as? Int ?? 0) >= 20, "the trials must actually kill the writer")
    }
}
