import CMPI
import Foundation
import Pypet
import PypetCore

/// A rank other than 0 in a run call: receives parameters and runs from rank 0, performs each and sends
/// its completion back, until rank 0 ends the call.
enum MPIServer {
    static func serve(_ perform: @Sendable (RunRequest) async -> RunCompletion<ErasedValue>) async {
        var parameters = ParameterSnapshot(values: [:])
        var pruning: PruningPlan?
        var buffer = [UInt8]()
        while true {
            var tag: Int32 = 0, count: Int32 = 0
            guard cmpi_probe(0, &tag, &count) == 0 else { fail("cannot receive from rank 0") }
            buffer = [UInt8](repeating: 0, count: Int(count))
            guard buffer.withUnsafeMutableBytes({ cmpi_receive($0.baseAddress, count, 0, tag) }) == 0 else { fail("cannot receive from rank 0") }
            if tag == MPIMessageTag.endOfCall.rawValue { return }
            if tag == MPIMessageTag.shutdown.rawValue {
                // Rank 0 ended without this call (a finished search, or a failure before it): nothing to serve.
                exit(0)
            }
            switch WorkerMessage.decode(buffer) {
            case .parameters(let values):
                parameters = ParameterSnapshot(values: values)
            case .pruning(let plan):
                pruning = plan
            case .run(let index, let seed, let usesRunSets, let explored):
                var request = RunRequest(index: index, explored: explored, parameters: parameters, seed: seed, usesRunSets: usesRunSets)
                request.pruning = pruning
                let reply = WorkerMessage.completed(await perform(request).record).encoded()
                guard reply.withUnsafeBytes({ cmpi_send($0.baseAddress, Int32($0.count), 0, MPIMessageTag.message.rawValue) }) == 0 else {
                    fail("cannot send to rank 0")
                }
            default:
                fail("a message from rank 0 cannot be decoded")
            }
        }
    }

    private static func fail(_ problem: String) -> Never {
        FileHandle.standardError.write(Data("pypet MPI rank \(cmpi_rank()): \(problem); aborting the MPI job\n".utf8))
        cmpi_abort(70)
        exit(70)
    }
}
