/// The statuses of the runs of a sealed part (or of the journal) in record order, column by column: 24
/// bytes a run. A merge holds every part's statuses at once (expansions first, then statuses), and as
/// ``RunRecord``s a million runs took about 350 MB.
struct RunStatusColumns: RandomAccessCollection, Sendable {
    /// Run indices, start and finish times, in record order.
    private var runs: [Int] = []
    private var started: [Double] = []
    private var finished: [Double] = []
    /// The messages of failed runs, by position.
    private var failures: [Int: String] = [:]

    var startIndex: Int { 0 }
    var endIndex: Int { runs.count }

    mutating func reserveCapacity(_ capacity: Int) {
        runs.reserveCapacity(capacity)
        started.reserveCapacity(capacity)
        finished.reserveCapacity(capacity)
    }

    mutating func append(index: Int, status: RunRecord.Status, started start: Double, finished end: Double) {
        if case .failed(let message) = status { failures[runs.count] = message }
        runs.append(index)
        started.append(start)
        finished.append(end)
    }

    /// The record at `position`.
    subscript(position: Int) -> (index: Int, status: RunRecord.Status, started: Double, finished: Double) {
        (runs[position], failures.isEmpty ? .completed : failures[position].map(RunRecord.Status.failed) ?? .completed,
         started[position], finished[position])
    }

    /// The same records in run order (records of one run keep their order).
    func sortedByRun() -> RunStatusColumns {
        var sorted = RunStatusColumns()
        sorted.reserveCapacity(count)
        for record in enumerated().sorted(by: { ($0.element.index, $0.offset) < ($1.element.index, $1.offset) }).map(\.element) {
            sorted.append(index: record.index, status: record.status, started: record.started, finished: record.finished)
        }
        return sorted
    }
}
