/// What a run needs to decide on pruning by itself, wherever it runs (a task, a worker process, an MPI
/// rank): the settings and the learning curves of the runs it is compared with. Made by the run loop for
/// every batch (synchronous mode) or whenever a run finished (asynchronous mode); `id` tells workers
/// whether the plan they hold is still current.
package struct PruningPlan: Sendable, Hashable, Codable {
    /// Changes whenever the plan does.
    package var id: Int
    /// The settings.
    package var pruning: Pruning
    /// The curves of the runs compared with.
    package var reference: [LearningCurve]

    package init(id: Int, pruning: Pruning, reference: [LearningCurve]) {
        self.id = id
        self.pruning = pruning
        self.reference = reference
    }
}
