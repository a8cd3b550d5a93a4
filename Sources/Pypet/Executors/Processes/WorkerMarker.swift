import PypetStorage

/// What a worker process learns from its marker variable: which run call of the program it serves, and
/// the limits it puts on itself (`call=2;memory=536870912;nice=5`).
struct WorkerMarker: Equatable {
    static var variable: String { ProcessRole.markerVariable }

    /// The run call (counted from 1 among the program's calls that use worker processes) it serves.
    var call: Int
    /// Its memory limit in bytes, if any.
    var memoryLimit: Int?
    /// Its niceness.
    var niceness: Int

    var text: String {
        var parts = ["call=\(call)", "nice=\(niceness)"]
        if let memoryLimit { parts.append("memory=\(memoryLimit)") }
        return parts.joined(separator: ";")
    }

    /// The marker of this process, nil when it is not a worker (or the marker cannot be read).
    static let current: WorkerMarker? = ProcessRole.workerMarker.flatMap(WorkerMarker.init(text:))

    init(call: Int, memoryLimit: Int?, niceness: Int) {
        self.call = call
        self.memoryLimit = memoryLimit
        self.niceness = niceness
    }

    init?(text: String) {
        var fields: [String: String] = [:]
        for part in text.split(separator: ";") {
            let pair = part.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2 else { return nil }
            fields[pair[0]] = pair[1]
        }
        guard let call = fields["call"].flatMap({ Int($0) }), call >= 1 else { return nil }
        self.call = call
        memoryLimit = fields["memory"].flatMap { Int($0) }
        niceness = fields["nice"].flatMap { Int($0) } ?? 0
    }
}
