public import Pypet

/// Where an optimization file stands, from the file, its parts and its journal alone (what a resume would
/// do): generations sealed, runs completed, failed and missing, and whether the search finished.
public struct OptimizationStatus: Sendable, Hashable {
    /// Recorded generations, merged or still in parts or the journal.
    public var generationsSealed: Int
    /// The run status of the trajectory's file.
    public var runs: RunStatusReport
    /// Whether the search recorded its end.
    public var finished: Bool

    /// Reads the status of `file` (trajectory `name`, or the last one).
    public static func read(file: String, trajectory name: String? = nil) throws(AlgorithmError) -> OptimizationStatus {
        do {
            let runs = try TrajectoryStorage(path: file).runStatus()
            var generations = Set(runs.pendingTrajectoryLeaves.filter { $0.hasPrefix("results.generations.gen_") })
            var finished = runs.pendingTrajectoryLeaves.contains("results.optimization.summary")
            let storage = TrajectoryStorage(path: file)
            if try !storage.trajectoryNames().isEmpty {
                var options = LoadOptions(parameters: .nothing, derivedParameters: .nothing, config: .nothing, results: .skeleton,
                                          withRunInformation: false)
                options.includesRunGroups = false  // the runs' status comes from the overview tables
                let loaded = try storage.load(name: name, options: options).trajectory
                if let group = try? loaded.node("results.generations") as? GroupNode {
                    for child in group.children where child.name.hasPrefix("gen_") { generations.insert(child.fullName) }
                }
                if let summary = try? loaded.result("results.optimization.summary"), (try? summary.item("finished")) == .bool(true) {
                    finished = true
                }
            }
            return OptimizationStatus(generationsSealed: generations.count, runs: runs, finished: finished)
        } catch {
            throw AlgorithmError(code: .environment, message: "cannot read the status of '\(file)'", underlying: error)
        }
    }
}
