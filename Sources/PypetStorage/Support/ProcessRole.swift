import Foundation
import Synchronization

/// Whether this process serves runs for another one: a worker process of an environment (the program
/// started again by its parent, with the marker variable ``markerVariable`` set) or an MPI rank other than
/// 0. Such a process never touches the trajectory's file; storage entry points that would delete or
/// rewrite it do nothing there.
package enum ProcessRole {
    /// The environment variable that marks a worker process; its value describes the worker's channel.
    package static let markerVariable = "SWIFT_PYPET_WORKER"

    /// The marker's value, nil in an ordinary process.
    package static let workerMarker: String? = ProcessInfo.processInfo.environment[markerVariable]

    private static let servesOthers = Atomic<Bool>(false)

    /// Marks this process as one that serves runs (an MPI rank other than 0).
    package static func markAsWorker() { servesOthers.store(true, ordering: .releasing) }

    /// True in a worker process or a serving MPI rank.
    package static var isWorker: Bool { workerMarker != nil || servesOthers.load(ordering: .acquiring) }
}
