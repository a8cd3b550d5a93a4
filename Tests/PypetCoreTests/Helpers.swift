import PypetCore
import PypetTestSupport
import Testing

/// Expects `body` to throw a ``TrajectoryError`` with `code`; returns it for further checks.
@discardableResult
func expectTrajectoryError<R>(
    _ code: TrajectoryError.Code, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> R
) -> TrajectoryError? {
    expectError(code, as: TrajectoryError.self, sourceLocation: sourceLocation, body)
}
