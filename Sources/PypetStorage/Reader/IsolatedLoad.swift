import Foundation

/// Loads a file that may be corrupt in a child process (the `pypet-load-check` tool), so that a file
/// that crashes or hangs libhdf5 itself cannot take the caller down. Every outcome is a value: what
/// loaded, or a typed ``StorageError``.
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

    /// Loads `path` with the tool at `executable` in a child process, killed after `timeout` seconds.
    /// A child that crashes or hangs gives ``StorageError/Code/invalidFile``.
    public static func load(_ path: String, executable: String, timeout: Double = 10) -> Result<Summary, StorageError> {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = [path]
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
            return .failure(StorageError(code: .invalidFile, message: "loading hung for \(timeout) s (killed)", file: path))
        }
        process.waitUntilExit()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        if process.terminationReason == .uncaughtSignal {
            return .failure(StorageError(
                code: .invalidFile, message: "the HDF5 library crashed on this file (signal \(process.terminationStatus))", file: path))
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
