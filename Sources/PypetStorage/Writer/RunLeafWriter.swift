import HDF5
import PypetCore

/// Writes committed records' leaves (results and derived parameters of runs, an optimizer's generation
/// records) into a trajectory's group in pypet's layout: the merge's one write of each run's groups.
///
/// Leaves the file already holds are kept as they are (a run merged before, then found again in a part
/// that a crash left behind). The results of the runs in `indexOnly` (in the columns layout, the runs
/// whose last record's results the results index holds, ``ResultsIndex/indexedEntry(_:)``) get no
/// groups: the index table is their only copy.
final class RunLeafWriter {
    private let base: HDF5Group
    private let indexOnly: Set<Int>
    private let options: StorageOptions
    /// Branch and bucket groups (two levels, `results.runs`, `results.run_set_00001`): open for the whole
    /// merge. Deeper groups (a run's group and below) stay open only while that run's leaves are written:
    /// every open object slows libhdf5's identifier lookups and pins its metadata.
    private var shared: [String: HDF5Group] = [:]
    private var current: [String: HDF5Group] = [:]
    private var currentRun: ArraySlice<String> = []

    /// A writer into the trajectory group `base`; `options` (deflate, shuffle, Fletcher-32) apply to the
    /// result items it writes.
    init(base: HDF5Group, indexOnly: Set<Int> = [], options: StorageOptions = .init()) {
        self.base = base
        self.indexOnly = indexOnly
        self.options = options
    }

    /// Writes the leaves of `records` (in run order; a record's order among equal run indices is kept).
    func write(_ records: [RunRecord]) throws {
        let ordered = records.enumerated().sorted { ($0.element.index, $0.offset) < ($1.element.index, $1.offset) }.map(\.element)
        for record in ordered {
            let skipsResults = !record.isTrajectoryRecord && indexOnly.contains(record.index)
            for leaf in record.leaves where leaf.kind == .derivedParameter || (leaf.kind == .result && !skipsResults) {
                try write(leaf)
            }
        }
    }

    private func write(_ leaf: RunRecord.Leaf) throws {
        let components = leaf.fullName.split(separator: ".").map(String.init)
        guard let name = components.last, components.count >= 2 else { return }
        let parent = try group(components.dropLast()[...])
        let node: HDF5Group
        do throws(HDF5Error) {
            node = try parent.createGroup(name)
        } catch {
            // Merged before (a crash between writing the final file and deleting the parts): kept.
            guard error.code == .alreadyExists else { throw error }
            return
        }
        try node.setAttribute(Layout.className, .string(leaf.kind == .result ? "Result" : "Parameter"))
        try node.setAttribute(Layout.leaf, .bool(true))
        if !leaf.comment.isEmpty { try node.setAttribute(Layout.comment, .string(leaf.comment)) }
        switch leaf.kind {
        case .result:
            let writer = ResultItemWriter(group: node, options: options)
            for item in leaf.items {
                try writer.write(item.value, named: item.name, item: leaf.fullName + "." + item.name)
            }
        case .derivedParameter:
            guard let value = leaf.items.first?.value else { return }
            let column = try ParameterColumn(for: [value], item: leaf.fullName)
            try TrajectoryWriter.makeTable(node, "data", column).append(["data": try column.cell(value, item: leaf.fullName)])
        case .exploration, .sharedRows:
            return
        }
    }

    private func group(_ components: ArraySlice<String>) throws -> HDF5Group {
        guard let last = components.last else { return base }
        let key = components.joined(separator: ".")
        if components.count <= 2 {
            if let cached = shared[key] { return cached }
            let parent = try group(components.dropLast())
            let created = try parent.contains(last) ? try parent.openGroup(last) : try parent.createGroup(last)
            shared[key] = created
            return created
        }
        let run = components.prefix(3)
        if run != currentRun {
            current.removeAll()
            currentRun = run
        }
        if let cached = current[key] { return cached }
        let parent = try group(components.dropLast())
        let created: HDF5Group
        // A run's group is new unless the run was merged before: create first, open if it exists.
        do throws(HDF5Error) {
            created = try parent.createGroup(last)
        } catch {
            guard error.code == .alreadyExists else { throw error }
            created = try parent.openGroup(last)
        }
        current[key] = created
        return created
    }
}
