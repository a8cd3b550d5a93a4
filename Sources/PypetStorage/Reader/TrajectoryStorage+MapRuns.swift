import Foundation
import HDF5
import PypetCore
import Synchronization

extension TrajectoryStorage {
    /// Calls `transform` on every run of the trajectory `name` (the last one when nil), reading each run's
    /// results from the file when its turn comes, on `cores` tasks (0: one per processor), and returns what
    /// it made in run order (pypet's pattern of loading items per run in a pool). Memory holds only the runs
    /// being transformed, whatever the run count. Items that cannot be decoded are left out of a run's
    /// results.
    public func mapRuns<T: Sendable>(
        trajectory name: String? = nil, cores: Int = 0, _ transform: @escaping @Sendable (StoredRun) throws -> T
    ) async throws -> [T] {
        let trajectory = try load(name: name, options: LoadOptions(
            config: .nothing, results: .nothing, withRunInformation: false)).trajectory
        let values = try runValues(of: trajectory.name)
        // Columns layout: the results only the index holds, read once (small values, one table).
        let indexOnly = try indexOnlyEntries(of: trajectory.name)
        var ranges: [(String, [PypetValue])] = []
        for parameter in trajectory.exploredParameterNames { ranges.append((parameter, try trajectory.parameter(parameter).range)) }
        let explored = ranges
        let length = trajectory.length
        let base = trajectory.name
        let path = self.path
        let block = 256
        let next = BlockCounter()
        let workers = max(1, min(cores <= 0 ? ProcessInfo.processInfo.activeProcessorCount : cores, (length + block - 1) / block))
        let chunks = try await withThrowingTaskGroup(of: [(Int, T)].self) { group in
            for _ in 0..<workers {
                group.addTask {
                    let file = try HDF5File.open(path)
                    defer { try? file.close() }
                    let root = try file.root.openGroup(base)
                    var made: [(Int, T)] = []
                    while true {
                        let start = next.take(block)
                        guard start < length else { break }
                        for index in start..<min(start + block, length) {
                            var parameters: [String: PypetValue] = [:]
                            for (parameter, range) in explored where index < range.count { parameters[parameter] = range[index] }
                            var results: [String: PypetValue] = [:]
                            var hasResultsGroup = false
                            for branch in ["results", "derived_parameters"] {
                                for location in ["\(branch)/runs/\(NodeName.run(index))", "\(branch)/\(NodeName.runSet(index))/\(NodeName.run(index))"]
                                where try root.contains(location) {
                                    if branch == "results" { hasResultsGroup = true }
                                    try Self.collect(try root.openGroup(location), prefix: "", fullName: location, into: &results)
                                }
                            }
                            if !hasResultsGroup, let entry = indexOnly[index] {
                                for leaf in entry.leaves {
                                    Self.put(leaf.items.map { ($0.name, $0.value) }, of: NodeName.lastComponent(of: leaf.fullName), into: &results)
                                }
                            }
                            made.append((index, try transform(StoredRun(index: index, parameters: parameters, results: results, value: values[index]))))
                        }
                    }
                    return made
                }
            }
            var all: [[(Int, T)]] = []
            for try await chunk in group { all.append(chunk) }
            return all
        }
        var ordered = [T?](repeating: nil, count: length)
        for chunk in chunks { for (index, value) in chunk { ordered[index] = value } }
        return ordered.compactMap { $0 }
    }

    /// A leaf's items by name relative to the run's group: `loss` for a result `loss` of one item named like
    /// it, `fit.slope` for the item `slope` of a result `fit`.
    private static func put(_ items: [(String, PypetValue)], of relative: String, into results: inout [String: PypetValue]) {
        let name = NodeName.lastComponent(of: relative)
        if items.count == 1, let only = items.first, only.0 == name {
            results[relative] = only.1
        } else {
            for (item, value) in items { results[relative + "." + item] = value }
        }
    }

    /// The index entries of a columns-layout file (the only copy of the results of runs without groups);
    /// empty for pypet's layout.
    private func indexOnlyEntries(of trajectory: String) throws -> [Int: RunRecord] {
        let file = try HDF5File.open(path)
        defer { try? file.close() }
        let base = try file.root.openGroup(trajectory)
        return ResultsIndex.holdsRunsWithoutGroups(base) ? ResultsIndex.read(base) : [:]
    }

    /// Hands out consecutive blocks of run indices to the tasks.
    private final class BlockCounter: Sendable {
        private let next = Atomic<Int>(0)

        /// The first index of the next block of `size`.
        func take(_ size: Int) -> Int { next.add(size, ordering: .relaxed).oldValue }
    }

    /// The leaves below `group`, by name relative to the run's group.
    private static func collect(_ group: HDF5Group, prefix: String, fullName: String, into results: inout [String: PypetValue]) throws {
        for name in try group.linkNames() where try group.linkKind(name) == .group {
            let child = try group.openGroup(name)
            let relative = prefix.isEmpty ? name : prefix + "." + name
            guard try child.attributeNames().contains(Layout.leaf) else {
                try collect(child, prefix: relative, fullName: fullName + "/" + name, into: &results)
                continue
            }
            let className = (try? child.stringAttribute(Layout.className)) ?? "Result"
            Self.put(try LeafReading.resultItems(child, className: className, fullName: relative).items, of: relative, into: &results)
        }
    }
}
