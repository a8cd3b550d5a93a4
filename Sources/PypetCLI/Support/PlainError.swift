import Foundation
import Pypet
import PypetAlgorithms

/// The cause of an error in plain words (no Swift type names, no error domains) and the item it
/// concerns, for the messages of the `pypet` command.
enum PlainError {
    static func explain(_ error: any Error) -> (cause: String, item: String?) {
        switch error {
        case let error as CLIError:
            return (error.message, error.item)
        case let error as StorageError:
            var cause = error.message
            if let underlying = error.underlying {
                // The frames at both ends of libhdf5's stack: one is generic ("unable to open file"), the
                // other says why ("truncated file: eof = 100000, ...").
                let details = [underlying.message] + [underlying.stack.first, underlying.stack.last].compactMap { $0?.detail }
                for detail in details where !detail.isEmpty && !cause.lowercased().contains(detail.lowercased()) {
                    cause += "; " + detail
                }
            }
            return (cause, error.item)
        case let error as TrajectoryError:
            let candidates = error.candidates.isEmpty ? "" : " (it could be " + error.candidates.joined(separator: ", ") + ")"
            return (error.message + candidates, error.name)
        case let error as AlgorithmError:
            guard let underlying = error.underlying else { return (error.message, nil) }
            let inner = explain(underlying)
            return (error.message + ": " + inner.cause, inner.item)
        case let error as EnvironmentError:
            return (error.message, nil)
        default:
            return (systemCause(error) ?? String(describing: error), nil)
        }
    }

    /// The operating system's words for a Foundation file error (`No such file or directory`), when it
    /// carries an errno.
    static func systemCause(_ error: any Error) -> String? {
        let bridged = error as NSError
        if bridged.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(bridged.code))) }
        if let underlying = bridged.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        switch CocoaError.Code(rawValue: bridged.code) {
        case .fileNoSuchFile, .fileReadNoSuchFile: return "no such file or folder"
        case .fileWriteNoPermission, .fileReadNoPermission: return "permission denied"
        case .fileWriteOutOfSpace: return "no space left on the device"
        case .fileWriteVolumeReadOnly: return "read-only file system"
        default: return bridged.domain == NSCocoaErrorDomain ? "the file system refused (code \(bridged.code))" : nil
        }
    }
}
