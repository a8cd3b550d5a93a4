import Foundation

/// Colour for people at a terminal, nothing for pipes and files: on when standard output is a terminal
/// whose `TERM` is not `dumb`, off when `NO_COLOR` is set (no-color.org); `PYPET_COLOR=always` or `never`
/// decides regardless. A subcommand that reads its file in a child process (``IsolatedRun``) writes to a
/// pipe, so the parent decides and passes `PYPET_COLOR` on.
enum TerminalStyle {
    /// The variable that forces the choice: `always` or `never`.
    static let variable = "PYPET_COLOR"

    /// Whether this process colours its output.
    static let enabled: Bool = decide(environment: ProcessInfo.processInfo.environment, isTerminal: isatty(STDOUT_FILENO) == 1)

    /// The choice for `environment` and whether standard output is a terminal.
    static func decide(environment: [String: String], isTerminal: Bool) -> Bool {
        switch environment[variable]?.lowercased() {
        case "always": return true
        case "never": return false
        default: break
        }
        if environment["NO_COLOR"].map({ !$0.isEmpty }) ?? false { return false }
        return isTerminal && environment["TERM"] != "dumb"
    }

    /// The colours in use.
    enum Colour: String {
        case green = "32", yellow = "33", red = "31", dim = "2", bold = "1"
    }

    /// `text` in `colour` when colour is on; `text` itself otherwise.
    static func paint(_ text: String, _ colour: Colour) -> String {
        enabled && !text.isEmpty ? "\u{1B}[" + colour.rawValue + "m" + text + "\u{1B}[0m" : text
    }

    /// The colour of a run's status word in `pypet runs` and `pypet status`.
    static func colour(ofStatus status: String) -> Colour? {
        switch status {
        case "completed": .green
        case "pruned": .yellow
        case "failed": .red
        case "missing": .dim
        default: nil
        }
    }
}
