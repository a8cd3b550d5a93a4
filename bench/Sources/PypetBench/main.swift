// pypet-bench: the Swift side of swift-pypet's benchmarks. Each invocation runs one workload once and
// prints one JSON line; bench/run.py repeats it, runs the Python anchors, and reports medians and ratios.

import ArgumentParser
import Foundation
import HDF5

@main
struct PypetBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pypet-bench",
        abstract: "Run one swift-pypet benchmark workload once and print its timing as JSON.",
        subcommands: [Append.self])
}

/// Appending doubles to one extendible, chunked dataset: one value per call, or in batches.
struct Append: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Append --count doubles to one extendible dataset, --batch values per call.")

    @Option(help: "Values to append in total.")
    var count = 100_000

    @Option(help: "Values per append call.")
    var batch = 1

    @Option(help: "Deflate level (0-9), or -1 for no compression filter.")
    var deflate = 4

    @Option(help: "Chunk size in values.")
    var chunk = 4096

    @Flag(help: "Append through an HDF5Appender (buffers a chunk of values per write).")
    var buffered = false

    @Option(help: "Scratch HDF5 file (replaced).")
    var file = "bench/results/append-swift.h5"

    func validate() throws {
        guard count > 0, batch > 0, chunk > 0 else { throw ValidationError("--count, --batch and --chunk must be positive") }
        guard (-1...9).contains(deflate) else { throw ValidationError("--deflate must be -1...9") }
    }

    func run() throws {
        try FileManager.default.createDirectory(
            atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let values = (0..<count).map { Double($0) * 0.001 }
        let clock = ContinuousClock()
        let start = clock.now
        let h5 = try HDF5File.create(file, ifExists: .truncate)
        let dataset = try h5.root.createDataset(
            "series", of: Double.self, shape: [0],
            options: .extendible(chunkRows: chunk, deflate: deflate >= 0 ? deflate : nil))
        let appender = buffered ? try HDF5Appender<Double>(dataset) : nil
        var offset = 0
        while offset < count {
            let end = min(count, offset + batch)
            let block = batch == 1 ? [values[offset]] : Array(values[offset..<end])
            if let appender { try appender.append(block) } else { try dataset.append(block) }
            offset = end
        }
        try appender?.flush()
        try h5.close()
        let seconds = (clock.now - start) / .seconds(1)
        let check = try HDF5File.open(file)
        guard try check.root.openDataset("series").count == count else {
            throw ValidationError("the file does not hold \(count) values")
        }
        try check.close()
        let record: [String: Any] = [
            "workload": "append", "implementation": buffered ? "swift-pypet appender" : "swift-pypet", "count": count, "batch": batch,
            "deflate": deflate, "seconds": seconds, "values_per_second": Double(count) / seconds,
        ]
        let data = try JSONSerialization.data(withJSONObject: record, options: [.sortedKeys])
        print(String(decoding: data, as: UTF8.self))
    }
}
