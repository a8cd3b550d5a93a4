import Foundation
import GSLRandom
import PypetCore
import PypetStorage
import PypetTestSupport
import Testing

@Suite("Corrupt input")
struct CorruptFileTests {
    /// 200 mutated and truncated copies of a valid file, each loaded in a child process: the test process
    /// never crashes, and every outcome is a loaded trajectory or a typed error.
    @Test("200 mutated and truncated files: every outcome is a load or a typed error")
    func mutatedFiles() throws {
        let checker = Python.repositoryRoot + "/.build/debug/pypet-load-check"
        try #require(FileManager.default.isExecutableFile(atPath: checker), "build the package first (make test does)")
        let directory = try TemporaryDirectory()
        let original = directory.file("valid.hdf5")
        let traj = try StoreInteropTests.makeTrajectory()
        try TrajectoryStorage(path: original).store(traj)
        guard case .success(let baseline) = IsolatedLoad.load(original, executable: checker) else {
            Issue.record("the valid file does not load")
            return
        }
        #expect(baseline.runs == 4)
        let bytes = [UInt8](FileManager.default.contents(atPath: original) ?? Data())
        let stream = try RandomStream(seed: 2026)
        var outcomes: [String: Int] = [:]
        for trial in 0..<200 {
            var copy = bytes
            if trial < 100 {
                copy = Array(bytes.prefix(stream.integer(in: 0...(bytes.count - 1))))
            } else {
                for _ in 0...stream.integer(in: 0...15) {
                    // Half the flips land in the first 4 KiB (superblock and root object headers).
                    let limit = trial % 2 == 0 ? min(4096, bytes.count) : bytes.count
                    copy[stream.integer(in: 0...(limit - 1))] ^= UInt8(truncatingIfNeeded: stream.integer(in: 1...255))
                }
            }
            let path = try directory.write(copy, to: "mutant_\(trial).hdf5")
            switch IsolatedLoad.load(path, executable: checker, timeout: 20) {
            case .success: outcomes["loaded", default: 0] += 1
            case .failure(let error):
                let isolated = error.message.contains("crashed") || error.message.contains("hung")
                outcomes[isolated ? "child crashed or hung" : "\(error.code)", default: 0] += 1
                #expect(!error.message.isEmpty)
            }
            try? FileManager.default.removeItem(atPath: path)
        }
        #expect(outcomes.values.reduce(0, +) == 200)
        #expect((outcomes["invalid file"] ?? 0) > 0, "\(outcomes)")
        print("corrupt-input outcomes over 200 files: \(outcomes.sorted { $0.key < $1.key })")
    }
}
