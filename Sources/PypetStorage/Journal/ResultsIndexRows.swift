import HDF5
import PypetCore

/// The results index as columns (``ResultsIndexTable``): one group of rows per indexed run record, one row
/// per item of its results. Names, comments and item names are interned (a few distinct strings for a
/// million rows), a result is kept as its name inside the run group, and a value as eight bytes unless it
/// is a string or needs JSON; so a merge holds about 30 bytes per row instead of a `RunRecord` per run.
///
/// Groups keep their order of arrival until ``finalized()``, which keeps the last group of each run (a later
/// record of a run replaces an earlier one) in run order.
struct ResultsIndexRows {
    /// A value's kind: the `type` column of the table.
    enum Kind: UInt8 {
        case int, bool, double, float, string, json

        var name: String {
            switch self {
            case .int: "int"
            case .bool: "bool"
            case .double: "double"
            case .float: "float"
            case .string: "string"
            case .json: "json"
            }
        }

        init?(name: String) {
            switch name {
            case "int": self = .int
            case "bool": self = .bool
            case "double": self = .double
            case "float": self = .float
            case "string": self = .string
            case "json": self = .json
            default: return nil
            }
        }
    }

    // Per group (one indexed record).
    private(set) var groupRuns: [Int] = []
    /// The first row of each group (its rows end where the next group's begin).
    private var groupStarts: [Int] = []
    /// Whether the table holds the group's rows (none too wide; ``ResultsIndexTable``).
    private(set) var groupHeld: [Bool] = []
    /// Whether the group's results sit in a `run_set_` bucket (`results.run_set_00001.run_00001234.y`)
    /// rather than in `results.runs`.
    private var groupBucketed: [Bool] = []

    // Per row.
    private var resultIDs: [Int32] = [], commentIDs: [Int32] = [], itemIDs: [Int32] = []
    private var kinds: [Kind] = []
    /// The value's bits (int, bool, double and float as a Double) or, for strings and JSON, its place in `texts`.
    private var payloads: [UInt64] = []
    /// String and JSON values (the latter kept as values, turned into JSON when written).
    private var texts: [PypetValue] = []

    /// Interned names, comments and item names.
    private var pool: [String] = []
    private var poolIDs: [String: Int32] = [:]

    var groupCount: Int { groupRuns.count }
    var rowCount: Int { kinds.count }
    var isEmpty: Bool { groupRuns.isEmpty }

    /// The ids last given for a result name, a comment and an item name (runs repeat them: a string
    /// comparison instead of a hash).
    private var recent: (result: Int32, comment: Int32, item: Int32) = (-1, -1, -1)

    private mutating func intern(_ text: String, recent slot: WritableKeyPath<(result: Int32, comment: Int32, item: Int32), Int32>) -> Int32 {
        let last = recent[keyPath: slot]
        if last >= 0, pool[Int(last)] == text { return last }
        let id = intern(text)
        recent[keyPath: slot] = id
        return id
    }

    private mutating func intern(_ text: String) -> Int32 {
        if let id = poolIDs[text] { return id }
        let id = Int32(pool.count)
        pool.append(text)
        poolIDs[text] = id
        return id
    }

    private func rows(ofGroup group: Int) -> Range<Int> {
        groupStarts[group]..<(group + 1 < groupStarts.count ? groupStarts[group + 1] : kinds.count)
    }

    // MARK: - Adding

    /// Adds the index entry of `record` (its results) and returns whether the table holds every row of
    /// it; nil, adding nothing, when the run cannot be indexed: not a completed run, no results, a result
    /// outside the run's own group (`results.runs.run_00000007.<name>` or its `run_set_` bucket), or an
    /// entry bigger than ``ResultsIndex/maximumRecordBytes``.
    @discardableResult
    mutating func append(_ record: RunRecord) -> Bool? {
        guard !record.isTrajectoryRecord, case .completed = record.status else { return nil }
        let results = record.leaves.filter { $0.kind == .result }
        guard !results.isEmpty else { return nil }
        // results.<bucket>.run_XXXXXXXX.<name>: the same bucket (runs or this run's run_set_) and this run
        // for every result, the name without dots. Read byte by byte, nothing allocated.
        let first = results[0].fullName.utf8
        guard let prefix = ResultsIndex.runPrefixLength(first, run: record.index) else { return nil }
        for leaf in results {
            let name = leaf.fullName.utf8
            guard name.count > prefix, name.prefix(prefix).elementsEqual(first.prefix(prefix)),
                !name.dropFirst(prefix).contains(UInt8(ascii: "."))
            else { return nil }
        }
        guard RunRecord(index: record.index, status: .completed, started: 0, finished: 0, leaves: results).encodedSize <= ResultsIndex.maximumRecordBytes
        else { return nil }
        let bucketed = first.count > 8 && first.dropFirst(8).starts(with: "run_set_".utf8)
        var held = true
        groupRuns.append(record.index)
        groupStarts.append(kinds.count)
        groupBucketed.append(bucketed)
        for leaf in results {
            if leaf.items.isEmpty || leaf.fullName.utf8.count > ResultsIndexTable.maximumTextLength
                || leaf.comment.utf8.count > ResultsIndexTable.maximumTextLength
            {
                held = false
            }
            let resultID = intern(String(Substring(leaf.fullName.utf8.dropFirst(prefix))), recent: \.result)
            let commentID = intern(leaf.comment, recent: \.comment)
            for item in leaf.items {
                if item.name.utf8.count > ResultsIndexTable.maximumTextLength { held = false }
                let kind = addValue(item.value)
                if kind == .json, RunValueColumns.jsonText(item.value).utf8.count > ResultsIndexTable.maximumJSONLength { held = false }
                resultIDs.append(resultID)
                commentIDs.append(commentID)
                itemIDs.append(intern(item.name, recent: \.item))
            }
        }
        groupHeld.append(held)
        return held
    }

    /// Appends a row's kind and payload for `value`.
    private mutating func addValue(_ value: PypetValue) -> Kind {
        let (kind, payload): (Kind, UInt64)
        switch value {
        case .int(let v): (kind, payload) = (.int, UInt64(bitPattern: Int64(v)))
        case .bool(let v): (kind, payload) = (.bool, v ? 1 : 0)
        case .double(let v): (kind, payload) = (.double, v.bitPattern)
        case .float(let v): (kind, payload) = (.float, Double(v).bitPattern)
        case .string(let v) where v.utf8.count <= ResultsIndexTable.maximumStringLength:
            (kind, payload) = (.string, UInt64(texts.count))
            texts.append(value)
        default:
            (kind, payload) = (.json, UInt64(texts.count))
            texts.append(value)
        }
        kinds.append(kind)
        payloads.append(payload)
        return kind
    }

    /// Appends the groups of `other` (for runs `keeping` accepts) after this one's.
    mutating func append(contentsOf other: ResultsIndexRows, keeping: (Int) -> Bool = { _ in true }) {
        let remapped: [Int32] = other.pool.map { intern($0) }
        for group in 0..<other.groupCount where keeping(other.groupRuns[group]) {
            groupRuns.append(other.groupRuns[group])
            groupStarts.append(kinds.count)
            groupHeld.append(other.groupHeld[group])
            groupBucketed.append(other.groupBucketed[group])
            for row in other.rows(ofGroup: group) {
                resultIDs.append(remapped[Int(other.resultIDs[row])])
                commentIDs.append(remapped[Int(other.commentIDs[row])])
                itemIDs.append(remapped[Int(other.itemIDs[row])])
                kinds.append(other.kinds[row])
                switch other.kinds[row] {
                case .string, .json:
                    payloads.append(UInt64(texts.count))
                    texts.append(other.texts[Int(other.payloads[row])])
                default:
                    payloads.append(other.payloads[row])
                }
            }
        }
    }

    /// The last group of every run, in run order (a later group of a run replaces an earlier one).
    func finalized() -> ResultsIndexRows {
        var increasing = true
        for group in groupRuns.indices.dropFirst() where groupRuns[group] <= groupRuns[group - 1] {
            increasing = false
            break
        }
        if increasing { return self }
        // The order of the groups to keep: by run, the latest of each.
        let order = groupRuns.indices.sorted { (groupRuns[$0], $0) < (groupRuns[$1], $1) }
        var kept: [Int] = []
        kept.reserveCapacity(order.count)
        for (position, group) in order.enumerated() where position + 1 == order.count || groupRuns[order[position + 1]] != groupRuns[group] {
            kept.append(group)
        }
        var result = ResultsIndexRows()
        result.pool = pool
        result.poolIDs = poolIDs
        for group in kept {
            result.groupRuns.append(groupRuns[group])
            result.groupStarts.append(result.kinds.count)
            result.groupHeld.append(groupHeld[group])
            result.groupBucketed.append(groupBucketed[group])
            for row in rows(ofGroup: group) {
                result.resultIDs.append(resultIDs[row])
                result.commentIDs.append(commentIDs[row])
                result.itemIDs.append(itemIDs[row])
                result.kinds.append(kinds[row])
                switch kinds[row] {
                case .string, .json:
                    result.payloads.append(UInt64(result.texts.count))
                    result.texts.append(texts[Int(payloads[row])])
                default:
                    result.payloads.append(payloads[row])
                }
            }
        }
        return result
    }

    // MARK: - Reading

    /// The value of `row`.
    func value(_ row: Int) -> PypetValue {
        let payload = payloads[row]
        switch kinds[row] {
        case .int: return .int(Int(Int64(bitPattern: payload)))
        case .bool: return .bool(payload != 0)
        case .double: return .double(Double(bitPattern: payload))
        case .float: return .float(Float(Double(bitPattern: payload)))
        case .string, .json: return texts[Int(payload)]
        }
    }

    func kind(_ row: Int) -> Kind { kinds[row] }

    /// The bits of a number row (int, bool, double, float).
    func payload(_ row: Int) -> UInt64 { payloads[row] }

    /// The result's name inside its run group, its comment and the item's name of `row`, as pool ids
    /// (``name(_:)`` gives the text): the same id is the same text.
    func ids(_ row: Int) -> (result: Int32, comment: Int32, item: Int32) { (resultIDs[row], commentIDs[row], itemIDs[row]) }

    /// The text of a pool id.
    func name(_ id: Int32) -> String { pool[Int(id)] }

    /// The rows of `group`.
    func rowRange(_ group: Int) -> Range<Int> { rows(ofGroup: group) }

    /// The length in bytes of `group`'s run group prefix (`results.runs.run_00000007.` or
    /// `results.run_set_00000.run_00000007.`), computed.
    func prefixLength(_ group: Int) -> Int {
        let run = groupRuns[group]
        let runPart = 4 + Self.paddedLength(run, 8) + 1
        return groupBucketed[group] ? 16 + Self.paddedLength(run / 1000, 5) + 1 + runPart : 13 + runPart
    }

    private static func paddedLength(_ value: Int, _ width: Int) -> Int {
        var digits = 1, rest = value / 10
        while rest > 0 { digits += 1; rest /= 10 }
        return max(digits, width)
    }

    /// The full name of the result `resultName` of `group`: its run group prefix, zero-padded as run names
    /// are, followed by the name; built in one allocation.
    func fullName(_ group: Int, resultName: String) -> String {
        let run = groupRuns[group], bucketed = groupBucketed[group]
        var name = resultName
        return name.withUTF8 { suffix in
            String(unsafeUninitializedCapacity: prefixLength(group) + suffix.count) { buffer in
                var position = 0
                func put(_ text: StaticString) {
                    for byte in UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount) {
                        buffer[position] = byte
                        position += 1
                    }
                }
                func putNumber(_ value: Int, _ width: Int) {
                    let length = Self.paddedLength(value, width)
                    var rest = value
                    for offset in stride(from: length - 1, through: 0, by: -1) {
                        buffer[position + offset] = UInt8(ascii: "0") + UInt8(rest % 10)
                        rest /= 10
                    }
                    position += length
                }
                if bucketed {
                    put("results.run_set_")
                    putNumber(run / 1000, 5)
                    put(".run_")
                } else {
                    put("results.runs.run_")
                }
                putNumber(run, 8)
                put(".")
                for byte in suffix {
                    buffer[position] = byte
                    position += 1
                }
                return position
            }
        }
    }

    /// The groups as index entries by run (for the code that edits or loads single entries).
    func entries() -> [Int: RunRecord] {
        var entries: [Int: RunRecord] = [:]
        entries.reserveCapacity(groupCount)
        for group in 0..<groupCount {
            let run = groupRuns[group]
            var record = RunRecord(index: run, status: .completed, started: 0, finished: 0)
            for row in rows(ofGroup: group) {
                let fullName = fullName(group, resultName: pool[Int(resultIDs[row])])
                let item = RunRecord.Item(pool[Int(itemIDs[row])], value(row))
                if record.leaves.last?.fullName == fullName {
                    record.leaves[record.leaves.count - 1].items.append(item)
                } else {
                    record.leaves.append(RunRecord.Leaf(fullName: fullName, kind: .result, comment: pool[Int(commentIDs[row])], items: [item]))
                }
            }
            entries[run] = record
        }
        return entries
    }

    /// Rows from index entries by run (in run order).
    init(entries: [Int: RunRecord]) {
        for index in entries.keys.sorted() {
            if let entry = entries[index] { append(entry) }
        }
    }

    init() {}

    /// The rows of a results index table (``ResultsIndexTable``), for a merge into the file. Throws for a
    /// row whose result lies outside its run's group or whose value cannot be read. (The loader reads the
    /// table with ``ResultsIndexTable/read(_:range:)``, straight into entries: going through interned rows
    /// measured slower on a 1e5-run load, 0.94-1.46 s against 0.94-1.05 s.)
    init(table: HDF5Table) throws {
        let read = try table.readColumns(["idx", "result", "comment", "item", "type", "int", "double", "string", "json"])
        guard case .int(let indices)? = read["idx"], case .string(let results)? = read["result"], case .string(let comments)? = read["comment"],
              case .string(let items)? = read["item"], case .string(let types)? = read["type"], case .int(let ints)? = read["int"],
              case .double(let doubles)? = read["double"], case .string(let strings)? = read["string"], case .string(let json)? = read["json"]
        else { throw StorageError(code: .invalidFile, message: "the results index table lacks columns", item: "overview/results_index") }
        func damaged(_ row: Int, _ what: String) -> StorageError {
            StorageError(
                code: .invalidFile,
                message: "row \(row) of the results index \(what); it may be the only copy of those results (a merge into the file stops rather than drop them): restore the file from a backup",
                item: "overview/results_index")
        }
        var previousRun: Int64? = nil
        for row in indices.indices {
            let run = Int(indices[row])
            let name = results[row].utf8
            guard let prefix = ResultsIndex.runPrefixLength(name, run: run) else { throw damaged(row, "names a result outside its run's group") }
            if previousRun != indices[row] {
                previousRun = indices[row]
                groupRuns.append(run)
                groupStarts.append(kinds.count)
                groupHeld.append(true)
                groupBucketed.append(name.dropFirst(8).starts(with: "run_set_".utf8))
            }
            resultIDs.append(intern(String(Substring(name.dropFirst(prefix)))))
            commentIDs.append(intern(comments[row]))
            itemIDs.append(intern(items[row]))
            guard let kind = Kind(name: types[row]) else { throw damaged(row, "has an unknown type '\(types[row])'") }
            kinds.append(kind)
            switch kind {
            case .int: payloads.append(UInt64(bitPattern: ints[row]))
            case .bool: payloads.append(ints[row] != 0 ? 1 : 0)
            case .double, .float: payloads.append(doubles[row].bitPattern)
            case .string:
                payloads.append(UInt64(texts.count))
                texts.append(.string(strings[row]))
            case .json:
                guard let value = RunValueColumns.jsonValue(json[row]) else { throw damaged(row, "has an unreadable value") }
                payloads.append(UInt64(texts.count))
                texts.append(value)
            }
        }
    }
}
