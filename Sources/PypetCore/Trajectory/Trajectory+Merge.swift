import Foundation

extension Trajectory {
    /// Merges `other`, a trajectory over the same parameter space, into this one.
    ///
    /// The other trajectory's runs are appended and renumbered after this one's (points of parameters
    /// explored on one side only take the other side's default); the groups of its runs
    /// (`run_X` anywhere under `results` and `derived_parameters`, moved to the right `run_set_Y` bucket)
    /// are copied with their new names, and its run information (completion, timestamps, failures) goes
    /// along. With `removeDuplicates`, runs whose point is already here (or earlier in `other`) are
    /// skipped. The merge is recorded under `config.merge.merge_N`. Parameters that differ in name or
    /// type, or that neither side explores but each fixes at another value, throw
    /// ``TrajectoryError/Code/explorationMismatch`` and change nothing.
    @discardableResult
    public func merge(_ other: Trajectory, removeDuplicates: Bool = false) throws(TrajectoryError) -> MergeReport {
        guard other !== self else { throw .invalidValue("a trajectory cannot merge itself") }
        let mine = Dictionary(uniqueKeysWithValues: parameters.leaves().compactMap { $0 as? Parameter }.map { ($0.fullName, $0) })
        let theirs = Dictionary(uniqueKeysWithValues: other.parameters.leaves().compactMap { $0 as? Parameter }.map { ($0.fullName, $0) })
        guard Set(mine.keys) == Set(theirs.keys) else {
            throw TrajectoryError(
                code: .explorationMismatch, message: "the trajectories have different parameters",
                candidates: Array(Set(mine.keys).symmetricDifference(theirs.keys)).sorted())
        }
        for (name, parameter) in mine {
            guard let counterpart = theirs[name], counterpart.defaultValue.hasSameType(as: parameter.defaultValue) else {
                throw .typeMismatch("parameter types differ between the trajectories", name: name)
            }
            // A value both sides hold fixed must be the same, or the merged runs would claim one that some did not use.
            if !parameter.isExplored, !counterpart.isExplored, parameter.defaultValue != counterpart.defaultValue {
                throw TrajectoryError(
                    code: .explorationMismatch,
                    message: "parameter '\(name)' is fixed at different values in the two trajectories and explored in neither", name: name)
            }
        }
        // The union of explored parameters, in this trajectory's order, then the other's.
        var names = exploredNames
        for name in other.exploredNames where !names.contains(name) { names.append(name) }
        guard !names.isEmpty else {
            throw TrajectoryError(code: .explorationMismatch, message: "neither trajectory explores a parameter; nothing to merge")
        }
        let previousLength = length
        func point(_ trajectory: Trajectory, _ lookup: [String: Parameter], _ run: Int) -> [PypetValue] {
            names.map { name in
                guard let parameter = lookup[name] else { return .int(0) }
                return parameter.isExplored ? parameter.range[run] : parameter.defaultValue
            }
        }
        var seen = Set<[PypetValue]>()
        if removeDuplicates { for run in 0..<length { seen.insert(point(self, mine, run)) } }
        var added: [(old: Int, values: [PypetValue])] = []
        var skipped: [Int] = []
        for run in 0..<other.length {
            let values = point(other, theirs, run)
            if removeDuplicates, !seen.insert(values).inserted {
                skipped.append(run)
                continue
            }
            added.append((run, values))
        }
        var renumbered: [Int: Int] = [:]
        if !added.isEmpty {
            // Parameters explored only in `other` become explored here, with this side's default so far.
            let newlyExplored = names.filter { !exploredNames.contains($0) }
            if !newlyExplored.isEmpty {
                for name in newlyExplored {
                    guard let parameter = mine[name] else { continue }
                    parameter.replaceRange(Array(repeating: parameter.defaultValue, count: previousLength))
                    exploredParameters.append(parameter)
                    exploredNames.append(name)
                }
            }
            var ranges: [String: [PypetValue]] = [:]
            for (position, name) in names.enumerated() {
                ranges[name] = added.map { $0.values[position] }
            }
            try expand(ranges)
            for (offset, entry) in added.enumerated() {
                let newIndex = previousLength + offset
                renumbered[entry.old] = newIndex
                let source = other.runs[entry.old]
                runs.setStarted(newIndex, source.timestamp)
                runs.setFinished(newIndex, source.finishTimestamp)
                runs.setCompleted(newIndex, source.completed)
                runs.setFailure(newIndex, source.failure)
            }
            try copyRunGroups(from: other, renumbered: renumbered)
        }
        let report = MergeReport(
            otherName: other.name, renumbered: renumbered, skippedDuplicates: skipped, previousLength: previousLength)
        try recordMerge(report, removeDuplicates: removeDuplicates)
        return report
    }

    private func copyRunGroups(from other: Trajectory, renumbered: [Int: Int]) throws(TrajectoryError) {
        let runGroups = other.shortcutIndex.filter { NodeName.isCanonicalRun($0.key) }.values.joined()
            .compactMap { $0 as? GroupNode }
            .sorted { $0.fullName < $1.fullName }
        for group in runGroups {
            guard let oldIndex = Int(group.name.dropFirst(4)), let newIndex = renumbered[oldIndex],
                var parentPath = group.parent.map(\.fullName)
            else { continue }
            // Buckets of 1000 runs follow the new index.
            var components = NodeName.components(parentPath)
            if let last = components.last, last.hasPrefix("run_set_") {
                components[components.count - 1] = NodeName.runSet(newIndex)
                parentPath = components.joined(separator: ".")
            }
            let target = try root.requireGroup(parentPath)
            let newName = NodeName.run(newIndex)
            if let existing = target.directChild(newName) {
                throw TrajectoryError(code: .alreadyExists, message: "'\(existing.fullName)' exists", name: existing.fullName)
            }
            try target.attach(try group.copy(named: newName))
        }
    }

    private func recordMerge(_ report: MergeReport, removeDuplicates: Bool) throws(TrajectoryError) {
        var number = 0
        while (try? node("config.merge.merge_\(number)")) != nil { number += 1 }
        let base = "merge.merge_\(number)"
        let old = report.renumbered.keys.sorted()
        try addConfig(base + ".other_trajectory", .string(report.otherName), comment: "the merged trajectory")
        try addConfig(base + ".timestamp", .double(Date().timeIntervalSince1970))
        try addConfig(base + ".remove_duplicates", .bool(removeDuplicates))
        try addConfig(base + ".previous_length", .int(report.previousLength))
        if !old.isEmpty {
            try addConfig(base + ".old_run_indices", .array(NDArray(old)))
            try addConfig(base + ".new_run_indices", .array(NDArray(old.compactMap { report.renumbered[$0] })))
        }
    }
}
