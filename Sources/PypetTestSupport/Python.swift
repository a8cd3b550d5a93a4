import Foundation

/// Runs Python cross-check scripts with the project's virtual environment (`.venv`, made by
/// `scripts/bootstrap`, which `make test` runs first).
public enum Python {
    /// The outcome of one script run.
    public struct Output: Sendable {
        /// The exit status.
        public var status: Int32
        /// Everything the script printed to standard output.
        public var standardOutput: String
        /// Everything the script printed to standard error.
        public var standardError: String
    }

    /// An error running Python: the venv is missing, or a script failed.
    public struct Failure: Error, CustomStringConvertible {
        /// What went wrong, with the script's standard error.
        public var description: String
    }

    /// The repository root: the nearest directory above this file holding `Package.swift`.
    public static var repositoryRoot: String {
        var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while url.path != "/" {
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
                return url.path
            }
            url.deleteLastPathComponent()
        }
        return FileManager.default.currentDirectoryPath
    }

    /// The venv's interpreter.
    public static var interpreter: String { repositoryRoot + "/.venv/bin/python" }

    /// Runs `script` (Python source) with `arguments` and returns its output; a non-zero exit status or a
    /// missing venv throws ``Failure`` with the script's standard error.
    @discardableResult
    public static func run(_ script: String, arguments: [String] = []) throws -> Output {
        try interpret(["-c", script] + arguments)
    }

    /// Runs the interpreter with `arguments` (a script given by `-c` or a file path, then its arguments).
    private static func interpret(_ arguments: [String]) throws -> Output {
        guard FileManager.default.isExecutableFile(atPath: interpreter) else {
            throw Failure(description: "no Python venv at \(interpreter); run scripts/bootstrap (or make test)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: interpreter)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["PYTHONWARNINGS"] = "ignore"
        process.environment = environment
        // Output goes to files, so a chatty script can never block on a full pipe.
        let scratch = try TemporaryDirectory(prefix: "swift-pypet-python")
        let outputPath = scratch.file("stdout"), errorPath = scratch.file("stderr")
        _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errorPath, contents: nil)
        guard let output = FileHandle(forWritingAtPath: outputPath), let error = FileHandle(forWritingAtPath: errorPath) else {
            throw Failure(description: "cannot create output files in \(scratch.path)")
        }
        process.standardOutput = output
        process.standardError = error
        try process.run()
        process.waitUntilExit()
        try? output.close()
        try? error.close()
        let result = Output(
            status: process.terminationStatus,
            standardOutput: (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "",
            standardError: (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? "")
        guard result.status == 0 else {
            throw Failure(description: "python exited with \(result.status):\n\(result.standardError)")
        }
        return result
    }

    /// Runs the script file at `path` (relative to the repository root) with `arguments`, as a file, so it
    /// knows where it is (`__file__`) and imports the scripts beside it.
    @discardableResult
    public static func runFile(_ path: String, arguments: [String] = []) throws -> Output {
        try interpret([repositoryRoot + "/" + path] + arguments)
    }

    /// Runs the script file at `path` (relative to the repository root) and decodes its output as JSON.
    public static func jsonFromFile(_ path: String, arguments: [String] = []) throws -> Any {
        let output = try runFile(path, arguments: arguments)
        return try JSONSerialization.jsonObject(with: Data(output.standardOutput.utf8), options: [.fragmentsAllowed])
    }

    /// Runs `script` and decodes its standard output as JSON.
    public static func json(_ script: String, arguments: [String] = []) throws -> Any {
        let output = try run(script, arguments: arguments)
        return try JSONSerialization.jsonObject(with: Data(output.standardOutput.utf8), options: [.fragmentsAllowed])
    }
}

