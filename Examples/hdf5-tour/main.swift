// hdf5-tour: a small parameter sweep written with swift-pypet's foundation layers (HDF5 and GSLRandom),
// then read back and printed. `make demo` runs it until the optimizer demo arrives.

import ArgumentParser
import Foundation
import GSLRandom
import HDF5

@main
struct HDF5Tour: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hdf5-tour",
        abstract: "Sweep z = x * y + noise over a grid, store every run in one HDF5 file, and print the file.")

    @Option(help: "The HDF5 file to write (replaced if it exists).")
    var file = "hdf5/hdf5-tour.hdf5"

    @Option(help: "The seed of the noise streams (32-bit).")
    var seed: UInt64 = 42

    @Option(help: "Grid points per axis.")
    var points = 4

    func validate() throws {
        guard (1...100).contains(points) else { throw ValidationError("--points must be in 1...100") }
    }

    func run() throws {
        let directory = (file as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        try write()
        try show()
    }

    /// The sweep: every run draws its noise from its own stream derived from (seed, run index).
    func write() throws {
        let xs = (0..<points).map { Double($0) / Double(max(1, points - 1)) }
        let ys = (0..<points).map { Double($0 + 1) }
        let grid = xs.flatMap { x in ys.map { y in (x, y) } }

        let h5 = try HDF5File.create(file, ifExists: .truncate)
        let trajectory = try h5.root.createGroup("hdf5_tour")
        try trajectory.setAttribute("comment", .string("z = x · y + ε, ε ~ N(0, 0.01²)"))
        try trajectory.setAttribute("seed", .int(Int64(seed)))
        try trajectory.setAttribute("hdf5_version", .string(HDF5Library.version))
        try trajectory.setAttribute("gsl_version", .string(RandomStream.gslVersion))

        for (name, values) in [("x", grid.map(\.0)), ("y", grid.map(\.1))] {
            let parameter = try trajectory.createGroup("parameters/\(name)")
            try parameter.setAttribute("SRVC_LEAF", .bool(true))
            try parameter.createDataset("explored_data", values: values, options: .extendible(chunkRows: 64))
        }
        let runs = try trajectory.createTable("overview/runs", columns: [
            HDF5Column("idx", .int64), HDF5Column("name", .string(length: 12)),
            HDF5Column("z", .float64), HDF5Column("completed", .bool),
        ])
        for (index, point) in grid.enumerated() {
            let name = String(format: "run_%08d", index)
            try runs.append(["idx": .int(Int64(index)), "name": .string(name)])
            let noise = try RandomStream(seed: seed, keys: [UInt64(index)]).gaussian(mean: 0, sigma: 0.01)
            let z = point.0 * point.1 + noise
            let result = try trajectory.createGroup("results/runs/\(name)/z")
            try result.createDataset("z", values: [z], shape: [])
            try runs.update(row: index, with: ["z": .double(z), "completed": .bool(true)])
        }
        try trajectory.createSoftLink("results/last", to: trajectory.path + "/results/runs/" + String(format: "run_%08d", grid.count - 1))
        try h5.close()
        print("wrote \(grid.count) runs to \(file)\n")
    }

    /// Reopens the file read-only and prints its tree, attributes, datasets and the run table.
    func show() throws {
        let h5 = try HDF5File.open(file)
        try printTree(try h5.root, indent: "")
        let runs = try h5.root.openTable("hdf5_tour/overview/runs")
        print("\nrun table (\(try runs.rowCount) rows):")
        for row in try runs.readRows() {
            let name = row["name"]?.stringValue ?? "?"
            let z = row["z"]?.doubleValue ?? .nan
            let done = row["completed"]?.boolValue == true ? "completed" : "pending"
            print("  \(name)  z = \(String(format: "%8.4f", z))  \(done)")
        }
        try h5.close()
    }

    func printTree(_ group: HDF5Group, indent: String) throws {
        for name in try group.linkNames() {
            switch try group.linkKind(name) {
            case .group:
                let child = try group.openGroup(name)
                let attributes = try child.attributes().sorted { $0.key < $1.key }
                    .map { "\($0.key)=\(describe($0.value))" }.joined(separator: ", ")
                print("\(indent)\(name)/" + (attributes.isEmpty ? "" : "  {\(attributes)}"))
                try printTree(child, indent: indent + "  ")
            case .dataset:
                let dataset = try group.openDataset(name)
                print("\(indent)\(name)  \(try dataset.datatype) shape \(try dataset.shape)")
            case .softLink(let target, _):
                print("\(indent)\(name) -> \(target)")
            default:
                print("\(indent)\(name)  (other)")
            }
        }
    }

    func describe(_ value: HDF5Value) -> String {
        switch value {
        case .string(let text): "\"\(text)\""
        case .int(let number): "\(number)"
        case .double(let number): "\(number)"
        case .bool(let flag): "\(flag)"
        default: "\(value)"
        }
    }
}
