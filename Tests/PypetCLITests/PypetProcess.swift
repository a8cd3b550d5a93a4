import Foundation
import PypetTestSupport

/// Runs the `pypet` command (debug build) with `environment` added to this process's, and returns its
/// exit status, whether a signal ended it, and its output.
func pypet(
    _ arguments: [String], in directory: String? = nil, environment: [String: String] = [:]
) throws -> (status: Int32, output: String, error: String, signalled: Bool) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: Python.repositoryRoot + "/.build/debug/pypet")
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
    let output = Pipe(), error = Pipe()
    process.standardOutput = output
    process.standardError = error
    try process.run()
    let out = output.fileHandleForReading.readDataToEndOfFile(), err = error.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self),
            process.terminationReason == .uncaughtSignal)
}
