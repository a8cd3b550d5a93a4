import HDF5
import PypetCore

extension TrajectoryStorage {
    /// What run `index` stored below `results`, read from that run's group and the results index alone:
    /// nothing else of the trajectory is loaded, so it costs the same in a file of ten runs or of a million.
    /// Returns the run group's full name (`results.run_set_00000.run_00000003` when the trajectory groups its
    /// runs in sets of 1,000, `results.runs.run_00000003` otherwise) and the names of the group's direct
    /// children, sorted: the run's results and groups of results, whether the file keeps them as groups
    /// (pypet's layout) or only as rows of the results index (the columns layout). Nil when the run stored no
    /// result (or has not been merged into the file yet).
    ///
    /// ```swift
    /// if let run = try TrajectoryStorage(path: "sweep.hdf5").runResults(123_456) {
    ///     print(run.fullName, run.children)   // results.run_set_00123.run_00123456 ["y"]
    /// }
    /// ```
    public func runResults(_ index: Int, trajectory: String? = nil) throws(StorageError) -> (fullName: String, children: [String])? {
        guard index >= 0 else { return nil }
        let run = NodeName.run(index)
        return try withTrajectoryGroup(trajectory) { base in
            var found: [String: Set<String>] = [:]
            // Groups first: pypet's layout, results that do not fit the results table, files made by pypet.
            for set in [NodeName.runSet(index), "runs"] {
                let path = "results/" + set + "/" + run
                guard try base.contains(path), let group = try? base.openGroup(path) else { continue }
                found["results." + set + "." + run, default: []].formUnion(try group.linkNames())
            }
            // Then the index (bisection on the run index: a few chunks read).
            if let overview = try? base.openGroup("overview"), try overview.contains(ResultsIndex.name),
                let table = try? overview.openTable(ResultsIndex.name), let entry = try ResultsIndexTable.read(table, run: index)
            {
                for leaf in entry.leaves {
                    // `results.run_set_00000.run_00000003.y` or a nested `...run_00000003.group.y`.
                    let components = leaf.fullName.split(separator: ".", omittingEmptySubsequences: false)
                    guard components.count >= 4, components[0] == "results", components[2] == run else { continue }
                    found["results." + components[1] + "." + run, default: []].insert(String(components[3]))
                }
            }
            // A run's results live in one group; should a file hold both, the one with more children is shown.
            guard let chosen = found.max(by: { ($0.value.count, $1.key) < ($1.value.count, $0.key) }) else { return nil }
            return (chosen.key, chosen.value.sorted())
        }
    }
}
