public import GSLRandom
public import HDF5
public import PypetCore
public import PypetStorage
public import Pypet
public import PypetAlgorithms
public import Testing

/// An error that carries a comparable code: the error types of every swift-pypet layer.
public protocol CodedError: Error {
    associatedtype Code: Equatable & CustomStringConvertible
    /// The error's code.
    var code: Code { get }
}

extension HDF5Error: CodedError {}
extension RandomStreamError: CodedError {}
extension TrajectoryError: CodedError {}
extension StorageError: CodedError {}
extension EnvironmentError: CodedError {}
extension AlgorithmError: CodedError {}
extension QuantityError: CodedError {}

/// Expects `body` to throw an `E` with `code`, and returns it for further checks. Failures point at the
/// caller's line.
@discardableResult
public func expectError<E: CodedError, R>(
    _ code: E.Code, as type: E.Type = E.self, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> R
) -> E? {
    do {
        _ = try body()
        Issue.record("expected \(E.self)(\(code)), nothing was thrown", sourceLocation: sourceLocation)
    } catch let error as E {
        #expect(error.code == code, "got \(error)", sourceLocation: sourceLocation)
        return error
    } catch {
        Issue.record("expected \(E.self)(\(code)), got \(error)", sourceLocation: sourceLocation)
    }
    return nil
}

/// Expects the async `body` to throw an `E` with `code`, and returns it for further checks.
@discardableResult
public func expectError<E: CodedError, R>(
    _ code: E.Code, as type: E.Type = E.self, sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> R
) async -> E? {
    do {
        _ = try await body()
        Issue.record("expected \(E.self)(\(code)), nothing was thrown", sourceLocation: sourceLocation)
    } catch let error as E {
        #expect(error.code == code, "got \(error)", sourceLocation: sourceLocation)
        return error
    } catch {
        Issue.record("expected \(E.self)(\(code)), got \(error)", sourceLocation: sourceLocation)
    }
    return nil
}
