import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Logging

/// Shows how many runs are done: a redrawn bar with rate and ETA on a terminal, log lines otherwise.
final class ProgressReporter {
    private enum Mode { case bar, log(Double), none }
    private let mode: Mode
    private let logger: Logger
    private let start = ContinuousClock.now
    private var lastDraw: ContinuousClock.Instant?
    private var lastLoggedStep = -1
    private var drewBar = false

    /// What the environment's driver adds to the line (an optimizer's generation, best value and ETA).
    private let detail: @Sendable () -> String?

    init(style: EnvironmentOptions.ProgressStyle, logger: Logger, detail: @escaping @Sendable () -> String? = { nil }) {
        self.logger = logger
        self.detail = detail
        switch style {
        case .automatic: mode = isatty(STDERR_FILENO) == 1 ? .bar : .log(10)
        case .terminalOnly: mode = isatty(STDERR_FILENO) == 1 ? .bar : .none
        case .bar: mode = .bar
        case .log(let seconds): mode = .log(max(0.1, seconds))
        case .none: mode = .none
        }
    }

    func update(done: Int, total: Int, failed: Int, force: Bool = false) {
        if case .none = mode { return }
        let now = ContinuousClock.now
        let elapsed = (now - start) / .seconds(1)
        switch mode {
        case .none:
            return
        case .bar:
            if !force, let lastDraw, now - lastDraw < .milliseconds(100), done < total { return }
            lastDraw = now
            TerminalLine.shared.draw(Self.line(done: done, total: total, failed: failed, elapsed: elapsed, bar: true, detail: detail()))
            drewBar = true
        case .log(let seconds):
            let step = total > 0 ? done * 10 / total : 10
            let due = lastDraw.map { (now - $0) / .seconds(1) >= seconds } ?? true
            guard force || step > lastLoggedStep || due else { return }
            lastLoggedStep = step
            lastDraw = now
            logger.info("\(Self.line(done: done, total: total, failed: failed, elapsed: elapsed, bar: false, detail: detail()))")
        }
    }

    /// Erases the bar (the log's last line tells how the call ended).
    func finish() {
        if drewBar { TerminalLine.shared.finish() }
    }

    static func line(done: Int, total: Int, failed: Int, elapsed: Double, bar: Bool, detail: String? = nil) -> String {
        let fraction = total > 0 ? Double(done) / Double(total) : 1
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let remaining = rate > 0 ? Double(total - done) / rate : .nan
        var text = ""
        if bar {
            let width = 30
            let filled = min(width, Int(fraction * Double(width)))
            text += "[" + String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled) + "] "
        }
        text += "\(done)/\(total) runs (\(Int(fraction * 100))%)"
        if failed > 0 { text += ", \(failed) failed" }
        text += String(format: ", %.1f runs/s", rate)
        // With a driver's detail (a search's generation, best value and own ETA) the runs' ETA is left out:
        // the runs known now are not all the runs to come.
        if let detail { return text + " | " + detail }
        text += remaining.isFinite ? ", ETA " + duration(remaining) : ""
        return text
    }

    static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded(.up))
        if total < 60 { return "\(total)s" }
        if total < 3600 { return "\(total / 60)m\(total % 60)s" }
        return "\(total / 3600)h\((total % 3600) / 60)m"
    }
}
