import HDF5
import PypetTestSupport
import Testing

/// Expects `body` to throw an ``HDF5Error`` with `code`; the failure points at the caller's line.
func expectHDF5Error<R>(
    _ code: HDF5Error.Code, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> R
) {
    expectError(code, as: HDF5Error.self, sourceLocation: sourceLocation, body)
}
