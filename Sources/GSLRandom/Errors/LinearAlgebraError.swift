/// An error raised by GSLRandom's linear algebra: a matrix of the wrong size or with non-finite entries,
/// or a GSL routine that did not converge.
public struct LinearAlgebraError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A human-readable explanation.
    public var message: String
    /// GSL's status code (`GSL_EMAXITER`, ...), 0 when the error was found before calling GSL.
    public var status: Int32

    /// Creates an error.
    public init(message: String, status: Int32 = 0) {
        self.message = message
        self.status = status
    }

    public var description: String { "LinearAlgebraError: " + message + (status != 0 ? " (GSL status \(status))" : "") }
}
