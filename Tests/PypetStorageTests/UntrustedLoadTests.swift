import Foundation
import PypetCore
import PypetStorage
import PypetTestSupport
import Testing

@Suite("Untrusted files: the isolated load API")
struct UntrustedLoadTests {
    /// A stand-in checker that dies the way libhdf5 does on some damaged files: a real invalid read
    /// (SIGSEGV) or `abort()` (SIGABRT, as glibc's `free(): invalid pointer`).
    static func crashingChecker(_ directory: TemporaryDirectory, signal: String) throws -> String {
        let body = signal == "SEGV" ? "import ctypes\nctypes.string_at(0)\n" : "import os\nos.abort()\n"
        let path = try directory.write(Array(("#!" + Python.interpreter + "\n" + body).utf8), to: "crash-\(signal).py")
        chmod(path, 0o755)
        return path
    }

    @Test("loadUntrusted loads a healthy file as load does, finding pypet-load-check beside the program")
    func healthy() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("healthy.hdf5")
        try TrajectoryStorage(path: path).store(try StoreInteropTests.makeTrajectory())
        #expect(IsolatedLoad.defaultExecutable?.hasSuffix("/pypet-load-check") == true)
        let untrusted = try TrajectoryStorage(path: path).loadUntrusted()
        let direct = try TrajectoryStorage(path: path).load()
        #expect(untrusted.trajectory.length == direct.trajectory.length)
        #expect(untrusted.trajectory.root.nodes().map(\.fullName) == direct.trajectory.root.nodes().map(\.fullName))
    }

    @Test("a checker killed by SIGSEGV or SIGABRT, or hanging, gives a typed 'corrupt file' error, never a crash")
    func crashingCheck() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("file.hdf5")
        try TrajectoryStorage(path: path).store(try StoreInteropTests.makeTrajectory())
        for signal in ["SEGV", "ABRT"] {
            let checker = try Self.crashingChecker(directory, signal: signal)
            let error = expectError(StorageError.Code.invalidFile, as: StorageError.self) { try TrajectoryStorage(path: path).loadUntrusted(checker: checker) }
            #expect(error?.message.contains("corrupt file: the HDF5 library crashed reading \(path)") == true, "\(String(describing: error))")
            #expect(error?.file == path)
        }
        let hanging = try directory.write(Array("#!/bin/sh\nexec sleep 30\n".utf8), to: "hang.sh")
        chmod(hanging, 0o755)
        let error = expectError(StorageError.Code.invalidFile, as: StorageError.self) { try TrajectoryStorage(path: path).loadUntrusted(checker: hanging, timeout: 0.5) }
        #expect(error?.message.contains("corrupt file: loading hung") == true, "\(String(describing: error))")
    }

    @Test("a file that is not HDF5, or missing, gives the typed error of the check")
    func badFiles() throws {
        let directory = try TemporaryDirectory()
        let garbage = try directory.write(Array("not an hdf5 file".utf8), to: "garbage.hdf5")
        let error = expectError(StorageError.Code.invalidFile, as: StorageError.self) { try TrajectoryStorage(path: garbage).loadUntrusted() }
        #expect(error?.description.contains("StorageError") == false)
        expectError(StorageError.Code.notFound, as: StorageError.self) { try TrajectoryStorage(path: directory.file("missing.hdf5")).loadUntrusted() }
    }
}
