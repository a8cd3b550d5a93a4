import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs a `pypet` subcommand in a child process, so that a file that crashes or hangs libhdf5 itself
/// cannot take the command down with a signal.
///
/// The `pypet` process (the parent) re-executes its own binary (`/proc/self/exe`, through Foundation's
/// `Process`, which spawns without forking the parent's threads) with the same arguments and
/// ``marker`` set. The child parses the arguments and does all the work, reading the file with
/// libhdf5; its standard output and error go to two temporary files. The parent only waits:
/// - the child exits (with any status): the parent copies its output and error to its own and exits
///   with the child's status;
/// - the child dies by a signal (SIGSEGV, SIGABRT from `free()`, a trap): the parent drops the partial
///   output and prints one plain error naming the file;
/// - the child runs longer than the timeout (``timeoutVariable``, 600 s by default, 0 for none; not
///   for `compact`, which writes): the parent kills it and says so.
/// SIGINT, SIGTERM and SIGHUP sent to the parent are passed on to the child (which Foundation starts in
/// a process group of its own), and the parent then ends by the same signal; a child whose parent is gone
/// (killed outright) stops within half a second.
///
/// Setting ``disableVariable`` to `off` runs everything in one process (for debugging).
enum IsolatedRun {
    /// Set in the child's environment (to the parent's process id): this process does the work.
    static let marker = "PYPET_CLI_CHILD"
    /// `PYPET_ISOLATION=off` (or `0`): no child process.
    static let disableVariable = "PYPET_ISOLATION"
    /// Seconds the child may run before it is killed (a hang); 0 for no limit.
    static let timeoutVariable = "PYPET_TIMEOUT"
    /// Test hook, honoured only in the child: `segv`, `abort` or `hang` makes the child fail that way
    /// before it does any work, to prove the parent's handling without a damaged file.
    static let faultVariable = "PYPET_CLI_TEST_FAULT"

    /// Whether this process is the child that does the work (and then fails the way the test hook
    /// asks, if it does).
    static func isChild() -> Bool {
        let environment = ProcessInfo.processInfo.environment
        guard let value = environment[marker] else { return false }
        if let parent = pid_t(value), parent > 1 { watchParent(parent) }
        injectFault(environment[faultVariable])
        return true
    }

    /// Whether isolation is switched off with ``disableVariable``.
    static var isDisabled: Bool {
        guard let setting = ProcessInfo.processInfo.environment[disableVariable]?.lowercased() else { return false }
        return ["off", "0", "no", "false"].contains(setting)
    }

    /// Runs `arguments` (an already parsed subcommand that reads `file`) in a child and returns the exit
    /// status to end with.
    static func runInChild(arguments: [String], file: String, timed: Bool) -> Int32 {
        let environment = ProcessInfo.processInfo.environment
        let timeout = timed ? (environment[timeoutVariable].flatMap(Double.init) ?? 600) : 0
        switch run(arguments: arguments, environment: environment, timeout: timeout) {
        case .exited(let status):
            return status
        case .signalled(let signal):
            printError("""
                corrupt file: the HDF5 library crashed reading \(file) (signal \(signal), \(signalName(signal))); \
                the file may be damaged; try `h5dump -n \(file)` or restore a copy
                """)
            return 1
        case .timedOut(let seconds):
            printError("""
                corrupt file: reading \(file) did not finish in \(formatted(seconds)) s and was stopped; the file may be damaged \
                (set \(timeoutVariable) to allow longer, 0 for no limit); try `h5dump -n \(file)` or restore a copy
                """)
            return 1
        case .failedToStart(let reason):
            printError("cannot start the process that reads \(file): \(reason)")
            return 1
        }
    }

    /// How the child ended.
    enum Outcome {
        case exited(Int32)
        case signalled(Int32)
        case timedOut(Double)
        case failedToStart(String)
    }

    /// Runs the child with `arguments`, relaying its output when it exits.
    static func run(arguments: [String], environment: [String: String], timeout: Double) -> Outcome {
        // Two temporary files, unlinked as soon as both ends are open: nothing is left behind, whatever
        // happens to either process.
        let directory = FileManager.default.temporaryDirectory.path
        func temporary(_ suffix: String) -> (write: FileHandle, read: FileHandle)? {
            let path = directory + "/pypet-\(getpid())-\(UInt64.random(in: 0...UInt64.max)).\(suffix)"
            guard FileManager.default.createFile(atPath: path, contents: nil) else { return nil }
            defer { unlink(path) }
            guard let write = FileHandle(forWritingAtPath: path), let read = FileHandle(forReadingAtPath: path) else { return nil }
            return (write, read)
        }
        guard let output = temporary("out"), let error = temporary("err") else {
            return .failedToStart("cannot create temporary files in \(directory)")
        }
        defer {
            try? output.read.close()
            try? error.read.close()
        }
        var childEnvironment = environment
        childEnvironment[marker] = String(getpid())
        // The child writes to a file, not to the terminal: it colours as this process would.
        childEnvironment[TerminalStyle.variable] = TerminalStyle.enabled ? "always" : "never"
        // A crash is reported by the parent in one line; the Swift runtime's backtrace would only add noise.
        childEnvironment["SWIFT_BACKTRACE"] = "enable=no"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executablePath())
        process.arguments = arguments
        process.environment = childEnvironment
        process.standardOutput = output.write
        process.standardError = error.write
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        do {
            try process.run()
        } catch let failure {
            return .failedToStart(failure.localizedDescription)
        }
        try? output.write.close()
        try? error.write.close()
        let forwarding = forwardSignals(to: process.processIdentifier)
        defer { forwarding.forEach { $0.cancel() } }
        if timeout > 0 {
            if finished.wait(timeout: .now() + timeout) == .timedOut {
                kill(process.processIdentifier, SIGKILL)
                finished.wait()
                return .timedOut(timeout)
            }
        } else {
            finished.wait()
        }
        if process.terminationReason == .uncaughtSignal {
            let signal = process.terminationStatus
            // Interrupted (by the user through this process, or directly): end the same way, no report.
            if [SIGINT, SIGTERM, SIGHUP, SIGPIPE].contains(signal) { endBySignal(signal) }
            return .signalled(signal)
        }
        relay(output.read, to: FileHandle.standardOutput)
        relay(error.read, to: FileHandle.standardError)
        return .exited(process.terminationStatus)
    }

    /// This program's executable.
    static func executablePath() -> String {
        if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return resolved }
        return Bundle.main.executablePath ?? CommandLine.arguments[0]
    }

    /// Copies what `source` holds (from its start) to `handle` in blocks.
    private static func relay(_ source: FileHandle, to handle: FileHandle) {
        try? source.seek(toOffset: 0)
        while let block = try? source.read(upToCount: 1 << 20), !block.isEmpty {
            do { try handle.write(contentsOf: block) } catch { return }
        }
    }

    /// Passes SIGINT, SIGTERM and SIGHUP on to the child, then ends this process the same way.
    private static func forwardSignals(to child: pid_t) -> [any DispatchSourceSignal] {
        [SIGINT, SIGTERM, SIGHUP].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                kill(child, number)
                endBySignal(number)
            }
            source.resume()
            return source
        }
    }

    /// Ends this process by `number` (default action), as a shell expects of an interrupted command.
    private static func endBySignal(_ number: Int32) -> Never {
        signal(number, SIG_DFL)
        // A signal mask inherited from the caller could hold the signal back.
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, number)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        raise(number)
        exit(128 + number)
    }

    /// In the child: ends it when the parent (`parent`, from ``marker``) is gone, so that a parent killed
    /// outright (SIGKILL) leaves no child reading on. Checked every half second on a thread of its own.
    private static func watchParent(_ parent: pid_t) {
        let thread = Thread {
            while true {
                usleep(500_000)
                if getppid() != parent { _exit(1) }
            }
        }
        thread.stackSize = 64 << 10
        thread.start()
    }

    /// The child's test hook (see ``faultVariable``).
    private static func injectFault(_ fault: String?) {
        switch fault {
        case "segv":
            endBySignal(SIGSEGV)
        case "abort":
            abort()
        case "hang":
            while true { sleep(60) }
        default:
            break
        }
    }

    static func signalName(_ signal: Int32) -> String {
        switch signal {
        case SIGSEGV: "segmentation fault"
        case SIGABRT: "aborted"
        case SIGBUS: "bus error"
        case SIGILL, SIGTRAP: "runtime trap"
        case SIGFPE: "arithmetic error"
        case SIGKILL: "killed, perhaps out of memory"
        default: "signal"
        }
    }

    private static func formatted(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }

    private static func printError(_ message: String) {
        FileHandle.standardError.write(Data(("Error: " + message + "\n").utf8))
    }
}
