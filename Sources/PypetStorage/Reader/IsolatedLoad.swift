import Foundation

/// Loads a file that may be corrupt in a child process (the `pypet-load-check` tool), so that a file
/// that crashes or hangs libhdf5 itself cannot take the caller down. Every outcome is a value: what
/// loaded, or a typed ``StorageError``.
///
/// libhdf5 (1.10) can crash on a damaged file (a flipped bit in a group's link storage is enough), and a
/// crash inside libhdf5 cannot be caught in-process. For files the program did not write itself, use
/// ``load(_:executable:trajectory:timeout:)`` for a summary, or
/// ``TrajectoryStorage/loadUntrusted(name:options:checker:timeout:)`` for the trajectory: the child
/// loads every item first, and only a file the child read to the end is loaded in this process.
public enum IsolatedLoad {
    /// What the child loaded.
    public struct Summary: Sendable, Hashable {
        /// The trajectory's name.
        public var name: String
        /// Its number of runs.
        public var runs: Int
        /// Its number of nodes.
        public var nodes: Int
        /// How many items could not be decoded.
        public var failures: Int
    }

    /// The `pypet-load-check` tool installed beside the running program (as `swift build` and
    /// `swift test` place it), or found on `PATH`; nil when there is none.
    public static var defaultExecutable: String? {
        let name = "pypet-load-check"
        var folders: [String] = []
        if let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            let folder = (executable as NSString).deletingLastPathComponent
            // A test bundle runs from `<build>/<package>.xctest`, or from a folder inside it.
            folders += [folder, (folder as NSString).deletingLastPathComponent]
        }
        folders += (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        return folders.map { $0 + "/" + name }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Loads `path` (the trajectory called `trajectory`, the last one when nil) with the tool at
    /// `executable` in a child process, killed after `timeout` seconds. A child that crashes or hangs
    /// gives ``StorageError/Code/invalidFile`` with a message that says so ("corrupt file: ...").
    public static func load(
        _ path: String, executable: String, trajectory: String? = nil, timeout: Double = 10
    ) -> Result<Summary, StorageError> {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = [path] + (trajectory.map { ["--trajectory", $0] } ?? [])
        var environment = ProcessInfo.processInfo.environment
        environment["SWIFT_BACKTRACE"] = "enable=no"
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return .failure(StorageError(code: .notFound, message: "cannot start \(executable): \(error)", file: path))
        }
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning, Date() < deadline { usleep(2000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return .failure(StorageError(
                code: .invalidFile, message: "corrupt file: loading hung for \(timeout) s and was stopped; the file may be damaged", file: path))
        }
        process.waitUntilExit()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        if process.terminationReason == .uncaughtSignal {
            return .failure(StorageError(
                code: .invalidFile,
                message: "corrupt file: the HDF5 library crashed reading \(path) (signal \(process.terminationStatus)); the file may be damaged",
                file: path))
        }
        guard let line = String(data: data, encoding: .utf8)?.split(separator: "\n").last,
            let json = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        else {
            return .failure(StorageError(code: .invalidFile, message: "the loader printed no result (exit \(process.terminationStatus))", file: path))
        }
        if json["status"] as? String == "loaded" {
            return .success(Summary(
                name: json["name"] as? String ?? "", runs: json["runs"] as? Int ?? 0, nodes: json["nodes"] as? Int ?? 0,
                failures: json["failures"] as? Int ?? 0))
        }
        let code: StorageError.Code = switch json["code"] as? String {
        case "not found": .notFound
        case "unsupported": .unsupported
        case "mismatch": .mismatch
        default: .invalidFile
        }
        return .failure(StorageError(code: code, message: json["message"] as? String ?? "", file: path))
    }
}
