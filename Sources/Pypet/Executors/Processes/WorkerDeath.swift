import Foundation

/// Why a worker process stopped serving a run: its exit status or signal, a timeout, the memory limit,
/// or a message that was not this protocol. Its ``description`` becomes the run's failure message.
struct WorkerDeath: Error, Sendable, CustomStringConvertible {
    enum Cause: Sendable, Equatable {
        /// The process exited with this status.
        case exited(Int32)
        /// A signal ended it.
        case signal(Int32)
        /// It ran longer than the run timeout and was killed.
        case timeout(Double)
        /// It needed more memory than its limit (bytes).
        case outOfMemory(Int)
        /// It sent bytes that are not a message (and was killed).
        case garbage
        /// It did not reach the run call within the startup timeout (and was killed).
        case startupTimeout(Double)
        /// It could not be started at all.
        case spawnFailed(String)
    }

    var cause: Cause
    /// Whether it died before it was ready to serve runs (while the program set itself up).
    var beforeReady: Bool
    /// The last line it printed on stderr, if any.
    var lastOutput: String?

    var description: String {
        var text: String
        switch cause {
        case .exited(let status):
            text = beforeReady
                ? "the worker process exited (status \(status)) before reaching the environment's run call; a worker re-runs the program up to that call, so the program must take the same path there (see Environment.isWorker)"
                : "the worker process exited with status \(status) during the run"
        case .signal(let number):
            text = "the worker process died: signal \(number) (\(Self.signalName(number)))"
            if beforeReady { text += " before reaching the environment's run call" }
        case .timeout(let seconds): text = "timeout: the run took longer than \(Self.seconds(seconds)) s and its worker was killed"
        case .outOfMemory(let bytes): text = "out of memory: the run needed more than the worker's memory limit of \(bytes >> 20) MB"
        case .garbage: text = "the worker process sent a malformed message and was stopped"
        case .startupTimeout(let seconds):
            text = "the worker process did not reach the environment's run call within \(Self.seconds(seconds)) s and was killed"
        case .spawnFailed(let reason): text = "cannot start a worker process: \(reason)"
        }
        if let lastOutput, !lastOutput.isEmpty { text += "; its last output: \(lastOutput)" }
        return text
    }

    /// Whether trying again in a fresh worker may help (not when the program cannot even start one).
    var isRetryable: Bool {
        if beforeReady { return false }
        if case .spawnFailed = cause { return false }
        return true
    }

    static func signalName(_ number: Int32) -> String {
        guard let name = strsignal(number) else { return "unknown signal" }
        return String(cString: name).lowercased()
    }

    private static func seconds(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.3g", value)
    }
}
