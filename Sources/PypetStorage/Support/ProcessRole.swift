import Foundation

/// Whether this process is a worker process of an environment: the program started again by its parent
/// (with the marker variable ``markerVariable`` set) to serve runs. A worker never touches the parent's
/// file; storage entry points that would delete or rewrite it do nothing there.
package enum ProcessRole {
    /// The environment variable that marks a worker process; its value describes the worker's channel.
    package static let markerVariable = "SWIFT_PYPET_WORKER"

    /// The marker's value, nil in an ordinary process.
    package static let workerMarker: String? = ProcessInfo.processInfo.environment[markerVariable]

    /// True in a worker process.
    package static var isWorker: Bool { workerMarker != nil }
}
