import HDF5
import Testing

/// Expects `body` to throw an ``HDF5Error`` with `code`; the failure points at the caller's line.
func expectHDF5Error<R>(
    _ code: HDF5Error.Code, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> R
) {
    do {
        _ = try body()
        Issue.record("expected HDF5Error(\(code)), nothing was thrown", sourceLocation: sourceLocation)
    } catch let error as HDF5Error {
        #expect(error.code == code, "got \(error)", sourceLocation: sourceLocation)
    } catch {
        Issue.record("expected HDF5Error(\(code)), got \(error)", sourceLocation: sourceLocation)
    }
}
