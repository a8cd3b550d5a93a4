import PypetCore

/// Runs submitted together: what their requests share (the explored parameters' ranges, the parameter
/// snapshot, the seed, the result placement), with each request made only when a worker takes its run.
struct RunBatch: Sendable {
    /// The run indices, in submission order.
    let indices: [Int]
    /// The explored parameters' full names and their ranges (one value per run index).
    let explored: [(name: String, range: [PypetValue])]
    let parameters: ParameterSnapshot
    let seed: UInt64
    let usesRunSets: Bool
    /// The pruning plan of the batch's runs, read when each request is made (an asynchronous plan changes
    /// as runs finish); nil without pruning.
    var pruning: (@Sendable () -> PruningPlan?)? = nil

    /// The request of the run at `position` of ``indices``.
    func request(at position: Int) -> RunRequest {
        let index = indices[position]
        var values: [String: PypetValue] = [:]
        values.reserveCapacity(explored.count)
        for (name, range) in explored where index < range.count { values[name] = range[index] }
        var request = RunRequest(index: index, explored: values, parameters: parameters, seed: seed, usesRunSets: usesRunSets)
        request.pruning = pruning?()
        return request
    }
}
