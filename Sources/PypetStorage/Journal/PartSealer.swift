import Dispatch
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Seals part files on a thread of its own, so that runs keep committing to a fresh journal while the
/// previous checkpoint's part is written.
///
/// Each seal writes the records of its journal segments into a part (write, close, rename), then deletes the journal segments
/// that held them: until the part is renamed, the segments keep every record, so a crash at any moment
/// loses nothing (``RunStore`` reads segments as part of the journal). Seals run one at a time, in the
/// order they were started; ``wait()`` blocks until all have finished and throws the first failure.
///
/// `@unchecked Sendable`: the queue and the group are thread-safe, and the only mutable state (the first
/// failure) is behind a `Mutex`.
final class PartSealer: @unchecked Sendable {
    private let queue = DispatchQueue(label: "swift-pypet.part-sealer")
    private let group = DispatchGroup()
    private let failure = Mutex<StorageError?>(nil)

    /// Starts sealing the records of the journal `segments` into a part of `finalPath`'s parts directory;
    /// once the part is renamed, deletes the segments.
    func start(segments: [String], length: Int, finalPath: String, durability: Durability) {
        group.enter()
        queue.async { [self] in
            defer { group.leave() }
            do {
                try PartFile.seal(segments: segments, length: length, finalPath: finalPath, durability: durability)
                for segment in segments where unlink(segment) != 0 && errno != ENOENT {
                    throw Journal.systemError("cannot delete the sealed journal segment", segment)
                }
                if durability == .power { try PartFile.syncFile(PartFile.directory(for: finalPath)) }
            } catch {
                let wrapped = StorageError.wrapping(error, path: finalPath)
                failure.withLock { first in first = first ?? wrapped }
            }
        }
    }

    /// Waits until every started seal finished; throws the first failure (once).
    func wait() throws(StorageError) {
        group.wait()
        let first = failure.withLock { first -> StorageError? in
            defer { first = nil }
            return first
        }
        if let first { throw first }
    }
}
