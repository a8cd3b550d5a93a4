import HDF5
import PypetCore

/// An index of the runs' results in `overview/results_index`, so that loading a file with many runs does
/// not open every run's groups.
///
/// In a finished file it is a table a person can read (``ResultsIndexTable``: one row per item of each
/// run's results, typed value columns); parts and files of earlier versions hold framed records as in the
/// journal (magic, length, CRC-32, compact binary). Per run it lists the result leaves directly inside its
/// run group (`results.runs.run_00000007.<name>`, or inside a `run_set_` bucket) with their items and
/// comments. A run is indexed only when all of its results sit directly in its run group and its record is
/// small (at most ``maximumRecordBytes``); other runs are read from their groups as before. pypet ignores
/// it.
///
/// The loader trusts an entry only when the run group in the file still holds exactly as many links as
/// the entry has leaves (one header read per run): results added later by another tool (pypet, h5py)
/// send that run back to the normal reader. A tool that rewrites a value in place without adding or
/// removing a result is not detected; load with ``LoadOptions/usesResultsIndex`` off after such edits.
enum ResultsIndex {
    /// The dataset's name inside `overview`.
    static let name = "results_index"
    /// The largest encoded record that is indexed (larger results stay only in their groups).
    static let maximumRecordBytes = 2048

    /// The length of the prefix `results.runs.run_XXXXXXXX.` or `results.run_set_NNNNN.run_XXXXXXXX.` of
    /// `name` when it names run `index` (and its set), with a leaf name without dots after it; nil otherwise.
    static func runPrefixLength(_ name: String.UTF8View, run index: Int) -> Int? {
        var position = name.startIndex
        /// Takes `text` at the position; on a mismatch the position stays where it was.
        func take(_ text: StaticString) -> Bool {
            var cursor = position
            for byte in UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount) {
                guard cursor < name.endIndex, name[cursor] == byte else { return false }
                cursor = name.index(after: cursor)
            }
            position = cursor
            return true
        }
        /// Decimal digits up to the next dot (the dot taken too): their value, or nil when they are not
        /// `minimum` or more digits, zero-padded as NodeName pads them.
        func number(minimum: Int) -> Int? {
            var value = 0, digits = 0, leadingZero = false
            while position < name.endIndex, name[position] != UInt8(ascii: ".") {
                let byte = name[position]
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9"), digits < 18 else { return nil }
                if digits == 0 { leadingZero = byte == UInt8(ascii: "0") }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
                digits += 1
                position = name.index(after: position)
            }
            guard position < name.endIndex, digits >= minimum, digits == minimum || !leadingZero else { return nil }
            position = name.index(after: position)
            return value
        }
        guard take("results.") else { return nil }
        if take("runs.") {
        } else if take("run_set_") {
            guard number(minimum: 5) == index / 1000 else { return nil }
        } else {
            return nil
        }
        guard take("run_"), number(minimum: 8) == index else { return nil }
        let length = name.distance(from: name.startIndex, to: position)
        return position < name.endIndex ? length : nil
    }

    /// The index entries of the trajectory group `base` by run index (a later entry of a run replaces an
    /// earlier one); empty when there is no index or it is damaged. Reads the table, or the frames that
    /// files of earlier versions hold.
    static func read(_ base: HDF5Group) -> [Int: RunRecord] {
        guard let overview = try? base.openGroup("overview"), (try? overview.contains(name)) == true else { return [:] }
        if let table = try? overview.openTable(name) { return (try? ResultsIndexTable.read(table)) ?? [:] }
        guard let records = try? PartFile.frames(in: overview, dataset: name) else { return [:] }
        var entries: [Int: RunRecord] = [:]
        for record in records { entries[record.index] = record }
        return entries
    }

    /// The attribute of the index table that marks it as the only copy of the results of runs without
    /// groups (``RunLayout/columns``).
    static let layoutAttribute = "run_layout"

    /// Whether the index of the trajectory group `base` is the only copy of the results of runs that have
    /// no groups (a file merged in the columns layout).
    static func holdsRunsWithoutGroups(_ base: HDF5Group) -> Bool {
        guard let table = try? base.openTable("overview/" + name) else { return false }
        return (try? table.stringAttribute(layoutAttribute)) == RunLayout.columns.rawValue
    }

    /// The items of the run result `fullName` (`results.runs.run_00000003.y`) that only the index of the
    /// trajectory group `base` holds (columns layout); nil when it holds no such result.
    static func items(of fullName: String, in base: HDF5Group) throws -> [(String, PypetValue)]? {
        let components = fullName.split(separator: ".")
        guard components.count == 4, components[0] == "results", NodeName.isRunName(String(components[2])),
            let index = Int(components[2].dropFirst(4)), holdsRunsWithoutGroups(base)
        else { return nil }
        let entry = try ResultsIndexTable.read(try base.openTable("overview/" + name), run: index)
        guard let leaf = entry?.leaves.first(where: { $0.fullName == fullName }) else { return nil }
        return leaf.items.map { ($0.name, $0.value) }
    }

    /// The index rows the trajectory group `base` holds: its table's, or the frames of an earlier
    /// version's index (empty without an index). Throws for a damaged table, so that a merge never drops
    /// what the index held.
    static func rows(_ base: HDF5Group) throws -> ResultsIndexRows {
        guard let overview = try? base.openGroup("overview"), try overview.contains(name) else { return ResultsIndexRows() }
        if let table = try? overview.openTable(name) { return try ResultsIndexRows(table: table) }
        var rows = ResultsIndexRows()
        for record in try PartFile.frames(in: overview, dataset: name) { rows.append(record) }
        return rows
    }

    /// Merges `rows` (new index rows, in commit order: a later group of a run replaces an earlier one)
    /// into the index of the trajectory group `base` and rewrites it as a table (``ResultsIndexTable``),
    /// the same however the runs were merged; an earlier version's frame dataset is converted. With
    /// `indexOnlyRuns` (or when the index was marked so before), the table is marked as the only copy of
    /// the results of runs without groups. Returns every row of the index (finalized).
    @discardableResult
    static func merge(_ rows: ResultsIndexRows, into base: HDF5Group, indexOnlyRuns: Bool = false) throws -> ResultsIndexRows {
        guard !rows.isEmpty else { return (try? self.rows(base)) ?? ResultsIndexRows() }
        var all = try self.rows(base)
        if all.isEmpty { all = rows } else { all.append(contentsOf: rows) }
        let merged = all.finalized()
        try rewrite(merged, into: base, marking: indexOnlyRuns)
        return merged
    }

    /// Rewrites the index of the trajectory group `base` with `rows` (finalized), keeping its mark (and
    /// setting it with `marking`).
    static func rewrite(_ rows: ResultsIndexRows, into base: HDF5Group, marking: Bool = false) throws {
        let marked = marking || holdsRunsWithoutGroups(base)
        let overview = try base.requireGroup("overview")
        if try overview.contains(name) { try overview.removeLink(name) }
        try ResultsIndexTable.write(rows, into: overview, name: name)
        if marked, try overview.contains(name) {
            try overview.openTable(name).setAttribute(layoutAttribute, .string(RunLayout.columns.rawValue))
        }
    }
}
