import CProcess
import Foundation
import PypetCore
import PypetStorage
#if canImport(Glibc)
import Glibc
#endif

/// The worker side: in a worker process, the environment's run call serves runs from its parent until the
/// parent closes the request pipe, then the process exits. Requests arrive on descriptor 3, completions
/// leave on descriptor 4.
enum WorkerServer {
    private static let requests: Int32 = 3
    private static let replies: Int32 = 4

    /// Serves runs with `perform` and exits the process; never returns.
    static func serve(_ marker: WorkerMarker, perform: @Sendable (RunRequest) async -> RunCompletion<ErasedValue>) async -> Never {
        // Ctrl-C reaches the whole process group: the parent decides (it finishes the active runs).
        signal(SIGINT, SIG_IGN)
        signal(SIGPIPE, SIG_IGN)
        if let limit = marker.memoryLimit { _ = cprocess_limit_data(UInt64(limit)) }
        if marker.niceness > 0 { _ = cprocess_set_niceness(Int32(marker.niceness)) }
        guard send(.ready(pid: getpid())) else { leave(0) }
        var frames = FrameBuffer()
        var parameters = ParameterSnapshot(values: [:])
        var pruning: PruningPlan?
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let payload: [UInt8]
            do {
                if let next = try frames.next() {
                    payload = next
                } else {
                    let count = buffer.withUnsafeMutableBytes { read(requests, $0.baseAddress!, $0.count) }
                    if count < 0, errno == EINTR { continue }
                    guard count > 0 else { leave(0) }
                    buffer.withUnsafeBytes { frames.append(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
                    continue
                }
            } catch {
                complain("a request frame is malformed")
            }
            switch WorkerMessage.decode(payload) {
            case .parameters(let values):
                parameters = ParameterSnapshot(values: values)
            case .pruning(let plan):
                pruning = plan
            case .run(let index, let seed, let usesRunSets, let explored):
                var request = RunRequest(index: index, explored: explored, parameters: parameters, seed: seed, usesRunSets: usesRunSets)
                request.pruning = pruning
                let completion = await perform(request)
                guard send(.completed(completion.record)) else { leave(0) }
            default:
                complain("a request cannot be decoded")
            }
        }
    }

    /// Writes one message; false when the parent is gone.
    private static func send(_ message: WorkerMessage) -> Bool {
        let framed = FrameBuffer.frame(message.encoded())
        var written = 0
        while written < framed.count {
            let count = framed.withUnsafeBytes { write(replies, $0.baseAddress! + written, $0.count - written) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return false }
            written += count
        }
        return true
    }

    private static func complain(_ problem: String) -> Never {
        FileHandle.standardError.write(Data("pypet worker \(getpid()): \(problem); stopping\n".utf8))
        leave(70)
    }

    private static func leave(_ status: Int32) -> Never {
        fflush(nil)
        exit(status)
    }
}
