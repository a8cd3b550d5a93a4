import CProcess
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One worker process as its parent sees it: the program started again with ``posix_spawn`` (never
/// `fork`, since the parent has threads), a pipe for requests (its descriptor 3), one for replies (4) and
/// one for its stderr (2), which the parent forwards line by line and remembers the end of. Used by one
/// thread at a time (its slot's), so not `Sendable`.
final class WorkerProcess {
    let pid: pid_t
    private var requests: Int32
    private var replies: Int32
    private var errors: Int32
    private var frames = FrameBuffer()
    private var errorLine: [UInt8] = []
    private var lastLines: [String] = []
    private let memoryLimit: Int?
    private(set) var isReady = false
    private var reaped = false

    /// Starts `executable` with `arguments` (argv[0] first) and the marker for run call `call`.
    init(executable: String, arguments: [String], call: Int, settings: WorkerProcesses) throws(WorkerDeath) {
        memoryLimit = settings.memoryLimit
        func failure(_ what: String) -> WorkerDeath {
            WorkerDeath(cause: .spawnFailed("\(what): \(String(cString: strerror(errno)))"), beforeReady: true)
        }
        var requestPipe: [Int32] = [-1, -1], replyPipe: [Int32] = [-1, -1], errorPipe: [Int32] = [-1, -1]
        guard cprocess_pipe(&requestPipe) == 0 else { throw failure("pipe") }
        guard cprocess_pipe(&replyPipe) == 0 else {
            Self.close(requestPipe)
            throw failure("pipe")
        }
        guard cprocess_pipe(&errorPipe) == 0 else {
            Self.close(requestPipe + replyPipe)
            throw failure("pipe")
        }
        // The child's ends, moved above the numbers they are dup2'ed onto so no dup2 overwrites another.
        let childEnds = [requestPipe[0], replyPipe[1], errorPipe[1]].map { fcntl($0, F_DUPFD_CLOEXEC, 10) }
        defer { Self.close(childEnds + [requestPipe[0], replyPipe[1], errorPipe[1]]) }
        guard childEnds.allSatisfy({ $0 >= 0 }) else {
            Self.close([requestPipe[1], replyPipe[0], errorPipe[0]])
            throw failure("fcntl")
        }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, childEnds[2], 2)
        posix_spawn_file_actions_adddup2(&actions, childEnds[0], 3)
        posix_spawn_file_actions_adddup2(&actions, childEnds[1], 4)
        // Nothing else of the parent's: no HDF5 file, journal or lock stays open in a worker.
        cprocess_spawn_closefrom(&actions, 5)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))

        var environment = ProcessInfo.processInfo.environment
        // A crash is reported as the run's failure; Swift's backtrace (slow, long) only when asked for.
        if environment["SWIFT_BACKTRACE"] == nil { environment["SWIFT_BACKTRACE"] = "enable=no" }
        environment[WorkerMarker.variable] = WorkerMarker(call: call, memoryLimit: settings.memoryLimit, niceness: settings.niceness).text
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var child: pid_t = 0
        let status = posix_spawn(&child, executable, &actions, &attributes, argv, envp)
        guard status == 0 else {
            Self.close([requestPipe[1], replyPipe[0], errorPipe[0]])
            throw WorkerDeath(cause: .spawnFailed("\(executable): \(String(cString: strerror(status)))"), beforeReady: true)
        }
        pid = child
        requests = requestPipe[1]
        replies = replyPipe[0]
        errors = errorPipe[0]
        _ = fcntl(requests, F_SETFL, fcntl(requests, F_GETFL) | O_NONBLOCK)
    }

    deinit {
        if !reaped {
            kill(pid, SIGKILL)
            _ = reap()
        }
        Self.close([requests, replies, errors])
    }

    // MARK: Talking

    /// Waits until the worker reached the run call (its first message), or why it never will.
    func waitUntilReady(timeout: Double) throws(WorkerDeath) {
        switch exchange([], timeout: timeout) {
        case .success(.ready):
            isReady = true
        case .success:
            throw stop(.garbage)
        case .failure(var death):
            if case .timeout(let seconds) = death.cause { death.cause = .startupTimeout(seconds) }
            death.beforeReady = true
            throw death
        }
    }

    /// Sends `messages` and waits for the worker's next message, at most `timeout` seconds. Forwards the
    /// worker's stderr meanwhile.
    func exchange(_ messages: [WorkerMessage], timeout: Double?) -> Result<WorkerMessage, WorkerDeath> {
        let deadline = timeout.map { ContinuousClock.now + .seconds($0) }
        var outgoing = messages.flatMap { FrameBuffer.frame($0.encoded()) }
        // What the worker printed for earlier runs says nothing about this one.
        if !messages.isEmpty { lastLines.removeAll() }
        var written = 0
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            do {
                if let payload = try frames.next() {
                    guard let decoded = WorkerMessage.decode(payload) else { return .failure(stop(.garbage)) }
                    return .success(decoded)
                }
            } catch {
                return .failure(stop(.garbage))
            }
            var descriptors = [pollfd(fd: replies, events: Int16(POLLIN), revents: 0)]
            if errors >= 0 { descriptors.append(pollfd(fd: errors, events: Int16(POLLIN), revents: 0)) }
            if written < outgoing.count { descriptors.append(pollfd(fd: requests, events: Int16(POLLOUT), revents: 0)) }
            var milliseconds: Int32 = -1
            if let deadline {
                let left = (deadline - ContinuousClock.now) / .milliseconds(1)
                if left <= 0 { return .failure(stop(.timeout(timeout ?? 0))) }
                milliseconds = Int32(min(left.rounded(.up), 1_000_000))
            }
            let ready = poll(&descriptors, nfds_t(descriptors.count), milliseconds)
            if ready < 0 {
                if errno == EINTR { continue }
                return .failure(stop(.spawnFailed("poll: \(String(cString: strerror(errno)))")))
            }
            if ready == 0 { continue }
            for descriptor in descriptors where descriptor.revents != 0 {
                if descriptor.fd == requests {
                    let count = outgoing.withUnsafeBytes { write(requests, $0.baseAddress! + written, $0.count - written) }
                    if count > 0 {
                        written += count
                        if written == outgoing.count { outgoing = [] ; written = 0 }
                    } else if count < 0, errno != EAGAIN, errno != EINTR {
                        // The worker is gone; its reply pipe tells how.
                        outgoing = []
                        written = 0
                    }
                } else if descriptor.fd == errors {
                    let count = buffer.withUnsafeMutableBytes { read(errors, $0.baseAddress!, $0.count) }
                    if count > 0 {
                        forward(buffer[0..<count])
                    } else if count == 0 || (errno != EAGAIN && errno != EINTR) {
                        flushErrorLine()
                        Self.close([errors])
                        errors = -1
                    }
                } else {
                    let count = buffer.withUnsafeMutableBytes { read(replies, $0.baseAddress!, $0.count) }
                    if count > 0 {
                        buffer.withUnsafeBytes { frames.append(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
                    } else if count == 0 || (errno != EAGAIN && errno != EINTR) {
                        return .failure(died())
                    }
                }
            }
        }
    }

    /// Asks the worker to finish (it exits when its request pipe closes) and reaps it; kills it after
    /// `grace` seconds.
    func finish(grace: Double = 10) {
        guard !reaped else { return }
        Self.close([requests])
        requests = -1
        let deadline = ContinuousClock.now + .seconds(grace)
        var buffer = [UInt8](repeating: 0, count: 65536)
        while errors >= 0, ContinuousClock.now < deadline {
            var descriptor = pollfd(fd: errors, events: Int16(POLLIN), revents: 0)
            let left = Int32(max(1, (deadline - ContinuousClock.now) / .milliseconds(1)))
            guard poll(&descriptor, 1, left) > 0 else { break }
            let count = buffer.withUnsafeMutableBytes { read(errors, $0.baseAddress!, $0.count) }
            if count > 0 { forward(buffer[0..<count]) } else { break }
        }
        flushErrorLine()
        if !reap(within: max(0, (deadline - ContinuousClock.now) / .seconds(1))) {
            kill(pid, SIGKILL)
            _ = reap()
        }
    }

    // MARK: Endings

    /// Kills the worker for `cause` and reaps it.
    func stop(_ cause: WorkerDeath.Cause) -> WorkerDeath {
        kill(pid, SIGKILL)
        _ = reap()
        drainErrors()
        return WorkerDeath(cause: cause, beforeReady: !isReady, lastOutput: telling)
    }

    /// The worker closed its reply pipe: reaps it and says why it ended.
    private func died() -> WorkerDeath {
        drainErrors()
        let (status, usage) = reap()
        var cause: WorkerDeath.Cause
        let signal = cprocess_termsig(status)
        cause = signal != 0 ? .signal(signal) : .exited(cprocess_exitstatus(status))
        if let memoryLimit, cause != .exited(0) {
            let tail = lastLines.joined(separator: "\n").lowercased()
            let peak = Int(usage.ru_maxrss) * 1024
            if tail.contains("failed to allocate") || tail.contains("could not allocate") || tail.contains("out of memory")
                || tail.contains("bad_alloc") || peak >= memoryLimit * 9 / 10 {
                cause = .outOfMemory(memoryLimit)
            }
        }
        return WorkerDeath(cause: cause, beforeReady: !isReady, lastOutput: telling)
    }

    /// The line of the worker's last output that best says what happened: Swift's "Fatal error: ..." or
    /// the backtracer's "Program crashed: ...", else the last line.
    private var telling: String? {
        if let fatal = lastLines.last(where: { $0.hasPrefix("Fatal error") || $0.contains(": Fatal error") }) { return fatal }
        if let crashed = lastLines.last(where: { $0.contains("Program crashed:") }) {
            return crashed.trimmingCharacters(in: CharacterSet(charactersIn: "* "))
        }
        return lastLines.last
    }

    /// Reads what is left on the stderr pipe of a dead worker.
    private func drainErrors() {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while errors >= 0 {
            var descriptor = pollfd(fd: errors, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, 200) > 0 else { break }
            let count = buffer.withUnsafeMutableBytes { read(errors, $0.baseAddress!, $0.count) }
            guard count > 0 else { break }
            forward(buffer[0..<count])
        }
        flushErrorLine()
    }

    @discardableResult
    private func reap() -> (status: Int32, usage: rusage) {
        var status: Int32 = 0
        var usage = rusage()
        guard !reaped else { return (status, usage) }
        while wait4(pid, &status, 0, &usage) < 0, errno == EINTR {}
        reaped = true
        return (status, usage)
    }

    /// Reaps the worker if it exits within `seconds`; false when it is still running.
    private func reap(within seconds: Double) -> Bool {
        guard !reaped else { return true }
        let deadline = ContinuousClock.now + .seconds(seconds)
        repeat {
            var status: Int32 = 0
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid || (result < 0 && errno == ECHILD) {
                reaped = true
                return true
            }
            usleep(2000)
        } while ContinuousClock.now < deadline
        return false
    }

    // MARK: The worker's stderr

    /// Passes complete lines on to this process's stderr and keeps the last few.
    private func forward(_ chunk: ArraySlice<UInt8>) {
        for byte in chunk {
            errorLine.append(byte)
            if byte == UInt8(ascii: "\n") { flushErrorLine() }
        }
        if errorLine.count > 8192 { flushErrorLine() }
    }

    private func flushErrorLine() {
        guard !errorLine.isEmpty else { return }
        errorLine.withUnsafeBytes { _ = write(2, $0.baseAddress!, $0.count) }
        if errorLine.last != UInt8(ascii: "\n") { _ = write(2, "\n", 1) }
        let line = String(decoding: errorLine, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if !line.isEmpty {
            lastLines.append(line.count > 300 ? String(line.prefix(300)) + "..." : line)
            if lastLines.count > 64 { lastLines.removeFirst() }
        }
        errorLine.removeAll(keepingCapacity: true)
    }

    private static func close(_ descriptors: [Int32]) {
        for descriptor in descriptors where descriptor >= 0 { _ = Glibc.close(descriptor) }
    }
}
