import PypetCore
@testable import PypetStorage
import Testing

@Suite("Pickled values in run records")
struct PickledRecordTests {
    @Test("a run record holding pickled descriptions (with and without a protocol) round-trips through its binary form")
    func pickledRoundTrip() throws {
        let record = RunRecord(
            index: 2, status: .completed, started: 1, finished: 2,
            leaves: [
                .init(fullName: "results.runs.run_00000002.obj", kind: .result, items: [
                    .init("known", .pickled(PickledValue(byteCount: 41, pickleProtocol: 4))),
                    .init("unknown", .pickled(PickledValue(byteCount: 0, pickleProtocol: nil))),
                ]),
            ])
        let decoded = try #require(RunRecord.decode(record.encoded()))
        #expect(decoded == record)
    }
}
