/// The status of every run of a trajectory, by run index: each element is the run's ``RunInfo`` without
/// its parameter summary (``Trajectory/runInformation(_:)`` adds that).
///
/// The statuses are kept column by column (start and finish times, completion) with failures and pruning
/// steps only for the runs that have them: about 17 bytes a run instead of a ``RunInfo``'s 88, so that
/// a trajectory of a million runs holds its statuses in 17 MB. Elements are made when read.
public struct RunStatuses: RandomAccessCollection, Sendable {
    /// Start times (`absent` for a run that did not start).
    private var started: [Double] = []
    /// Finish times (`absent` for a run that did not finish).
    private var finished: [Double] = []
    private var completed: [Bool] = []
    /// Failure messages of the runs that failed.
    private var failures: [Int: String] = [:]
    /// Steps of the runs a pruner stopped.
    private var prunedAtSteps: [Int: Int] = [:]

    /// The stored form of "no time": a NaN whose payload no clock and no arithmetic produces, so that a
    /// NaN given as a time reads back as NaN.
    private static let absent = Double(bitPattern: 0x7FF8_5059_5045_5400)

    /// `count` runs, none started.
    init(count: Int) {
        append(count: count)
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { completed.count }

    public subscript(position: Int) -> RunInfo {
        var info = RunInfo(
            index: position, timestamp: Self.time(started[position]), finishTimestamp: Self.time(finished[position]),
            completed: completed[position], failure: failures.isEmpty ? nil : failures[position])
        if !prunedAtSteps.isEmpty { info.prunedAtStep = prunedAtSteps[position] }
        return info
    }

    /// Adds `count` runs, none started.
    mutating func append(count: Int) {
        guard count > 0 else { return }
        started.append(contentsOf: repeatElement(Self.absent, count: count))
        finished.append(contentsOf: repeatElement(Self.absent, count: count))
        completed.append(contentsOf: repeatElement(false, count: count))
    }

    /// Whether run `index` completed (without making its element).
    func isCompleted(_ index: Int) -> Bool { completed[index] }

    mutating func setStarted(_ index: Int, _ time: Double?) { started[index] = time ?? Self.absent }
    mutating func setFinished(_ index: Int, _ time: Double?) { finished[index] = time ?? Self.absent }
    mutating func setCompleted(_ index: Int, _ done: Bool) { completed[index] = done }

    mutating func setFailure(_ index: Int, _ message: String?) {
        if let message { failures[index] = message } else if !failures.isEmpty { failures[index] = nil }
    }

    mutating func setPrunedAtStep(_ index: Int, _ step: Int?) {
        if let step { prunedAtSteps[index] = step } else if !prunedAtSteps.isEmpty { prunedAtSteps[index] = nil }
    }

    private static func time(_ stored: Double) -> Double? {
        stored.bitPattern == absent.bitPattern ? nil : stored
    }
}
