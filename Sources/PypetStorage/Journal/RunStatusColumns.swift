/// The statuses of the runs of a sealed part (or of the journal) in record order, column by column: 24
/// bytes a run. A merge holds every part's statuses at once (expansions first, then statuses), and as
/// ``RunRecord``s a million runs took about 350 MB.
struct RunStatusColumns: Sendable {
    /// Run indices, start and finish times, in record order.
    private(set) var indices: [Int] = []
    private var started: [Double] = []
    private var finished: [Double] = []
    /// The messages of failed runs, by position.
    private var failures: [Int: String] = [:]

    var count: Int { indices.count }
    var isEmpty: Bool { indices.isEmpty }

    mutating func reserveCapacity(_ capacity: Int) {
        indices.reserveCapacity(capacity)
        started.reserveCapacity(capacity)
        finished.reserveCapacity(capacity)
    }

    mutating func append(index: Int, status: RunRecord.Status, started start: Double, finished end: Double) {
        if case .failed(let message) = status { failures[indices.count] = message }
        indices.append(index)
        started.append(start)
        finished.append(end)
    }

    /// The record at `position`.
    subscript(position: Int) -> (index: Int, status: RunRecord.Status, started: Double, finished: Double) {
        (indices[position], failures.isEmpty ? .completed : failures[position].map(RunRecord.Status.failed) ?? .completed,
         started[position], finished[position])
    }

    /// The same records in run order (records of one run keep their order).
    func sortedByRun() -> RunStatusColumns {
        let order = indices.indices.sorted { (indices[$0], $0) < (indices[$1], $1) }
        var sorted = RunStatusColumns()
        sorted.reserveCapacity(order.count)
        for position in order {
            let record = self[position]
            sorted.append(index: record.index, status: record.status, started: record.started, finished: record.finished)
        }
        return sorted
    }
}
