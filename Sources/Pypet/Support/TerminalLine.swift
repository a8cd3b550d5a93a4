import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The progress bar's line on the terminal (standard error), shared by everything that writes there: a
/// log line or a program's message first erases the bar, is written whole, and the bar is drawn again
/// below it, so bar and text never interleave and a shorter bar leaves no stray characters.
final class TerminalLine: Sendable {
    static let shared = TerminalLine()

    private struct State {
        var bar: String?
    }

    private let state = Mutex(State())

    /// Draws (or redraws) the bar.
    func draw(_ text: String) {
        state.withLock { state in
            state.bar = text
            Self.write(STDERR_FILENO, "\r\u{1B}[2K" + text)
        }
    }

    /// Erases the bar and forgets it (the run call ended).
    func finish() {
        state.withLock { state in
            guard state.bar != nil else { return }
            state.bar = nil
            Self.write(STDERR_FILENO, "\r\u{1B}[2K")
        }
    }

    /// Runs `body` (which writes whole lines) with the bar erased, then draws the bar again.
    func aboveBar(_ body: () -> Void) {
        state.withLock { state in
            if state.bar != nil { Self.write(STDERR_FILENO, "\r\u{1B}[2K") }
            body()
            if let bar = state.bar { Self.write(STDERR_FILENO, bar) }
        }
    }

    /// Writes a line to `descriptor` above the bar.
    func writeLine(_ text: String, to descriptor: Int32) {
        // What `print` buffered goes first, so lines keep their order when the output is a pipe.
        fflush(nil)
        aboveBar { Self.write(descriptor, text.hasSuffix("\n") ? text : text + "\n") }
    }

    private static func write(_ descriptor: Int32, _ text: String) {
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + written, bytes.count - written) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return }
            written += count
        }
    }
}
