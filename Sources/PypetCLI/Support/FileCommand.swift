import ArgumentParser

/// A subcommand that reads the HDF5 file `file`: run in a child process (see ``IsolatedRun``).
protocol FileCommand: ParsableCommand {
    /// The HDF5 file the command reads.
    var file: String { get }
    /// Whether a run longer than the timeout counts as a hang (false for commands that write).
    static var isTimed: Bool { get }
}

extension FileCommand {
    static var isTimed: Bool { true }
}
