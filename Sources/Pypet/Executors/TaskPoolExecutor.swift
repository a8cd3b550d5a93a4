import Foundation

/// Runs up to `cores` runs at a time, each worker a child task that takes the next request when it is
/// done with the previous one (so slow and fast runs balance themselves).
public struct TaskPoolExecutor: RunExecutor {
    /// The number of worker tasks.
    public let cores: Int

    /// A pool of `cores` workers; 0 means one per active processor.
    public init(cores: Int) {
        self.cores = cores <= 0 ? Self.availableCores : cores
    }

    /// The number of processors this process may use.
    public static var availableCores: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    public var concurrency: Int { cores }

    public func execute<Value: Sendable>(
        _ queue: RunQueue,
        perform: @escaping @Sendable (RunRequest) async -> RunCompletion<Value>,
        complete: @escaping @Sendable (RunCompletion<Value>) async -> Void
    ) async {
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<cores {
                group.addTask {
                    while let request = await queue.next() {
                        await complete(await perform(request))
                    }
                }
            }
        }
    }
}
