import Foundation
import HDF5
import PypetTestSupport
import Testing

/// One writer per file, confined to an actor, as the storage layer will use the HDF5 layer.
actor FileWriter {
    private let file: HDF5File
    private let series: HDF5Dataset

    init(path: String) throws {
        file = try HDF5File.create(path)
        series = try file.root.createDataset("series", of: Int64.self, shape: [0], options: .extendible(chunkRows: 64))
    }

    func append(_ value: Int64) throws {
        try series.append([value])
        try file.root.requireGroup("groups/g\(value % 7)").setAttribute("last", .int(value))
    }

    func finish() throws {
        try file.close()
    }
}

@Suite("Concurrency")
struct ConcurrencyTests {
    @Test("several tasks write their own files and read a shared one at the same time")
    func parallelUse() async throws {
        let directory = try TemporaryDirectory()
        let shared = directory.file("shared.h5")
        do {
            let file = try HDF5File.create(shared)
            try file.root.createDataset("values", values: (0..<5000).map(Double.init))
            try file.close()
        }
        let paths = (0..<8).map { directory.file("own_\($0).h5") }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, path) in paths.enumerated() {
                group.addTask {
                    let writer = try FileWriter(path: path)
                    for value in 0..<300 { try await writer.append(Int64(index * 1000 + value)) }
                    try await writer.finish()
                }
                group.addTask {
                    for _ in 0..<20 {
                        let file = try HDF5File.open(shared)
                        let values = try file.root.openDataset("values").readRows(100..<200, as: Double.self)
                        #expect(values == (100..<200).map(Double.init))
                        try file.close()
                    }
                }
                group.addTask {
                    // Errors raised concurrently keep their own stacks.
                    for _ in 0..<50 {
                        let file = try HDF5File.open(shared)
                        expectHDF5Error(.notFound) { try file.root.openDataset("missing\(index)") }
                        expectHDF5Error(.typeMismatch) { try file.root.openDataset("values").read(as: Int64.self) }
                    }
                }
            }
            try await group.waitForAll()
        }
        let forced = ProcessInfo.processInfo.environment["SWIFT_PYPET_HDF5_SERIALIZE"] == "1"
        #expect(HDF5Library.serializesCalls == (forced || !HDF5Library.isThreadSafe))
        for (index, path) in paths.enumerated() {
            let file = try HDF5File.open(path)
            let series = try file.root.openDataset("series").read(as: Int64.self)
            #expect(series == (0..<300).map { Int64(index * 1000 + $0) })
            #expect(try file.root.openGroup("groups").linkNames().count == 7)
        }
    }
}
