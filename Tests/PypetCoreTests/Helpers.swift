import PypetCore
import Testing

/// Expects `body` to throw a ``TrajectoryError`` with `code`; returns it for further checks.
@discardableResult
func expectTrajectoryError<R>(
    _ code: TrajectoryError.Code, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> R
) -> TrajectoryError? {
    do {
        _ = try body()
        Issue.record("expected TrajectoryError(\(code)), nothing was thrown", sourceLocation: sourceLocation)
    } catch let error as TrajectoryError {
        #expect(error.code == code, "got \(error)", sourceLocation: sourceLocation)
        return error
    } catch {
        Issue.record("expected TrajectoryError(\(code)), got \(error)", sourceLocation: sourceLocation)
    }
    return nil
}
