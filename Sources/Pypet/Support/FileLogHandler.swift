import Foundation
public import Logging
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A swift-log handler appending lines (`2026-11-23T05:30:00Z INFO [label] message key=value`) to a file,
/// used for the environment's `LOG.txt` and `ERROR.txt`. Lines from several threads never interleave.
public struct FileLogHandler: LogHandler {
    final class Sink: Sendable {
        let descriptor: Int32
        private let lock = Mutex(())
        init?(path: String) {
            descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
            if descriptor < 0 { return nil }
        }
        deinit { close(descriptor) }
        func write(_ line: String) {
            lock.withLock { _ in
                var bytes = Array(line.utf8)
                bytes.append(10)
                var written = 0
                while written < bytes.count {
                    let result = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress.map { $0 + written }, bytes.count - written) }
                    if result <= 0 { return }
                    written += result
                }
            }
        }
    }

    private let sink: Sink
    private let label: String
    /// The lowest level written.
    public var logLevel: Logger.Level
    /// Metadata added to every line.
    public var metadata: Logger.Metadata = [:]

    /// A handler writing to `path` (created, appended to), or nil when the file cannot be opened.
    public init?(label: String, path: String, level: Logger.Level) {
        guard let sink = Sink(path: path) else { return nil }
        self.sink = sink
        self.label = label
        logLevel = level
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var all = metadata
        if let extra = event.metadata { all.merge(extra) { $1 } }
        var line = Self.timestamp() + " " + event.level.rawValue.uppercased() + " [" + label + "] " + event.message.description
        for key in all.keys.sorted() {
            if let value = all[key] { line += " \(key)=\(value)" }
        }
        sink.write(line)
    }

    static func timestamp() -> String {
        var now = time(nil)
        var parts = tm()
        gmtime_r(&now, &parts)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
            Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
    }
}
