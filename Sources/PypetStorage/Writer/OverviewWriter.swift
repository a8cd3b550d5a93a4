import HDF5
import PypetCore

/// Writes the `overview` tables pypet reads: `info`, `runs`, `explorations`, `hdf5_settings`,
/// `parameters_overview`, and swift-pypet's `run_errors`, `pruned_runs` and `run_status`.
struct OverviewWriter {
    let base: HDF5Group
    let trajectory: Trajectory
    let options: StorageOptions

    /// The version written in `info`; pypet loads our files with `force=True`.
    static let version = "swift-pypet 0.1.0"

    func write() throws {
        let overview = try base.requireGroup("overview")
        try writeInfo(overview)
        try writeRuns(overview)
        try writeExplorations(overview)
        try writeSettings(overview)
        try writeParametersOverview(overview)
        try writeRunErrors(overview)
        try writePrunedRuns(overview)
        try writeRunStatus(overview)
    }

    /// `run_status`: one byte per run (1 completed, 0 not), what status and resume read instead of pypet's
    /// wide `runs` table (a million runs: 1 MB instead of hundreds).
    private func writeRunStatus(_ overview: HDF5Group) throws {
        let status = trajectory.runStatuses.map { UInt8($0.completed ? 1 : 0) }
        if try overview.contains("run_status") {
            let dataset = try overview.openDataset("run_status")
            try dataset.resize(to: [status.count])
            try dataset.write(status)
        } else {
            try overview.createDataset("run_status", values: status, shape: [status.count], options: .extendible(chunkRows: 65536))
        }
    }

    private func writeInfo(_ overview: HDF5Group) throws {
        let row: HDF5Row = [
            "name": .string(Self.fit(trajectory.name, 512)), "time": .string(trajectory.creationTime),
            "length": .int(Int64(trajectory.length)), "timestamp": .double(trajectory.creationTimestamp),
            "comment": .string(Self.fit(trajectory.comment, 512)), "python": .string(Self.version),
            "version": .string(Self.version),
        ]
        if try overview.contains("info") {
            try overview.openTable("info").update(row: 0, with: row)
        } else {
            let table = try overview.createTable("info", columns: [
                HDF5Column("name", .string(length: 512)), HDF5Column("time", .string(length: 20)),
                HDF5Column("length", .int32), HDF5Column("timestamp", .float64),
                HDF5Column("comment", .string(length: 512)), HDF5Column("python", .string(length: 128)),
                HDF5Column("version", .string(length: 128)),
            ], options: .extendible(chunkRows: 1))
            try table.append(row)
        }
    }

    private func writeRuns(_ overview: HDF5Group) throws {
        let table: HDF5Table
        if try overview.contains("runs") {
            table = try overview.openTable("runs")
        } else {
            // Columns sized to what they hold (pypet reads any width): run names have 12 or 13 characters;
            // summaries get room for twice the longest one so far (at most 512 bytes, longer ones are cut).
            let longest = (0..<trajectory.length).prefix(1000).map { (try? trajectory.runInformation($0).parameterSummary.utf8.count) ?? 0 }.max() ?? 0
            let summaryLength = min(512, max(64, 2 * longest))
            table = try overview.createTable("runs", columns: [
                HDF5Column("idx", .int32), HDF5Column("name", .string(length: 16)), HDF5Column("time", .string(length: 20)),
                HDF5Column("timestamp", .float64), HDF5Column("finish_timestamp", .float64),
                HDF5Column("runtime", .string(length: 18)), HDF5Column("parameter_summary", .string(length: summaryLength)),
                HDF5Column("short_environment_hexsha", .string(length: 7)), HDF5Column("completed", .int32),
            // Deflated (level 1, fast): the fixed-width strings are mostly padding, so a run's row of about 150
            // bytes takes a tenth of that in the file.
            ], options: .extendible(chunkRows: max(32, 65536 / (99 + summaryLength)), deflate: 1))
        }
        var widths: [String: Int] = [:]
        for column in try table.columns {
            if case .string(let length, _) = column.type { widths[column.name] = length }
        }
        let runs = trajectory.runStatuses
        let stored = try table.rowCount
        // Rows already stored are updated only where a run started, finished or failed since; consecutive
        // changed rows are written together, column by column (up to rowsPerWrite rows per write).
        if stored > 0 {
            let existing = try table.readColumns(["completed", "finish_timestamp", "timestamp"], range: 0..<min(stored, runs.count))
            guard case .int(let completed)? = existing["completed"], case .double(let finished)? = existing["finish_timestamp"],
                case .double(let started)? = existing["timestamp"]
            else { throw StorageError(code: .invalidFile, message: "the runs table has unexpected column types", item: "overview.runs") }
            var batchStart = 0
            var batch: [RunInfo] = []
            for index in completed.indices {
                let run = runs[index]
                // Completion is monotonic: a run the file records as completed stays completed.
                let keep = completed[index] == 1 && !run.completed
                let changed = !keep && (completed[index] != (run.completed ? 1 : 0)
                    || finished[index] != (run.finishTimestamp ?? 0) || started[index] != (run.timestamp ?? 0))
                if changed {
                    if batch.isEmpty { batchStart = index }
                    batch.append(run)
                }
                if !batch.isEmpty, !changed || batch.count == Self.rowsPerWrite {
                    try table.update(rowsFrom: batchStart, columns: Self.statusColumns(batch))
                    batch.removeAll(keepingCapacity: true)
                }
            }
            if !batch.isEmpty { try table.update(rowsFrom: batchStart, columns: Self.statusColumns(batch)) }
        }
        // New rows, a slice at a time, so that memory stays bounded for long explorations (the rows of
        // 200,000 runs take about 30 MB).
        for start in stride(from: stored, to: runs.count, by: Self.rowsPerWrite) {
            let end = min(runs.count, start + Self.rowsPerWrite)
            let added = Array(runs[start..<end])
            var columns = Self.statusColumns(added)
            columns["idx"] = .int(added.map { Int64($0.index) })
            columns["name"] = .string(added.map { Self.fit($0.name, widths["name"] ?? 128) })
            let summaryWidth = widths["parameter_summary"] ?? 512
            columns["parameter_summary"] = .string(trajectory.parameterSummaries(start..<end).map { Self.fit($0, summaryWidth) })
            columns["short_environment_hexsha"] = .string(Array(repeating: "", count: added.count))
            try table.append(columns: columns)
        }
    }

    /// The most rows of the runs table written at once.
    static let rowsPerWrite = 8192

    /// The columns of the runs table that change when runs start, finish or fail.
    static func statusColumns(_ runs: [RunInfo]) -> [String: HDF5ColumnValues] {
        // One pass; runs of one second share their time text (formatted once per second).
        var time: [String] = [], started: [Double] = [], finished: [Double] = [], runtime: [String] = [], completed: [Int64] = []
        time.reserveCapacity(runs.count)
        started.reserveCapacity(runs.count)
        finished.reserveCapacity(runs.count)
        runtime.reserveCapacity(runs.count)
        completed.reserveCapacity(runs.count)
        var lastSecond: Double?
        var lastText = ""
        for run in runs {
            if let timestamp = run.timestamp {
                let second = timestamp.rounded(.down)
                if second != lastSecond {
                    lastSecond = second
                    lastText = Trajectory.timeString(timestamp)
                }
                time.append(lastText)
            } else {
                time.append("")
            }
            started.append(run.timestamp ?? 0)
            finished.append(run.finishTimestamp ?? 0)
            runtime.append(run.runtime.map(formatRuntime) ?? "")
            completed.append(run.completed ? 1 : 0)
        }
        return [
            "time": .string(time), "timestamp": .double(started), "finish_timestamp": .double(finished),
            "runtime": .string(runtime), "completed": .int(completed),
        ]
    }

    /// `H:MM:SS.ffffff`, as Python's `timedelta` prints (digits written directly: one per run).
    static func formatRuntime(_ seconds: Double) -> String {
        let micro = Int((max(0, seconds) * 1e6).rounded())
        let hours = micro / 3_600_000_000, minutes = micro / 60_000_000 % 60, whole = micro / 1_000_000 % 60
        var digits: [UInt8] = Array(String(hours).utf8)
        func append(_ value: Int, width: Int) {
            var divisor = 1
            for _ in 1..<width { divisor *= 10 }
            var rest = value
            while divisor > 0 {
                digits.append(UInt8(ascii: "0") + UInt8(rest / divisor))
                rest %= divisor
                divisor /= 10
            }
        }
        digits.append(UInt8(ascii: ":"))
        append(minutes, width: 2)
        digits.append(UInt8(ascii: ":"))
        append(whole, width: 2)
        digits.append(UInt8(ascii: "."))
        append(micro % 1_000_000, width: 6)
        return fit(String(decoding: digits, as: UTF8.self), 18)
    }

    private func writeExplorations(_ overview: HDF5Group) throws {
        let names = trajectory.exploredParameterNames
        guard !names.isEmpty else { return }
        let table: HDF5Table
        if try overview.contains("explorations") {
            table = try overview.openTable("explorations")
        } else {
            table = try overview.createTable("explorations", columns: [HDF5Column("explorations", .string(length: 256))],
                                             options: .extendible(chunkRows: 16))
        }
        let stored = Set(try table.column("explorations").compactMap(\.stringValue))
        let fresh = names.filter { !stored.contains($0) }
        try table.append(fresh.map { ["explorations": .string(Self.fit($0, 256))] })
    }

    private func writeSettings(_ overview: HDF5Group) throws {
        guard try !overview.contains("hdf5_settings") else { return }
        let flags = ["config_overview", "parameters_overview", "derived_parameters_overview", "results_overview",
                     "explored_parameters_overview", "derived_parameters_summary", "results_summary", "purge_duplicate_comments"]
        var columns: [HDF5Column] = [
            HDF5Column("complib", .string(length: 7)), HDF5Column("complevel", .int32), HDF5Column("shuffle", .bool),
            HDF5Column("fletcher32", .bool), HDF5Column("pandas_format", .string(length: 7)),
            HDF5Column("encoding", .string(length: 11)),
        ]
        columns += flags.map { HDF5Column($0, .bool) }
        columns += [HDF5Column("results_per_run", .int32), HDF5Column("derived_parameters_per_run", .int32)]
        var row: HDF5Row = [
            "complib": .string("zlib"), "complevel": .int(Int64(options.deflate ?? 0)), "shuffle": .bool(options.shuffle),
            "fletcher32": .bool(options.fletcher32), "pandas_format": .string("fixed"), "encoding": .string("utf8"),
            "results_per_run": .int(0), "derived_parameters_per_run": .int(0),
        ]
        for flag in flags { row[flag] = .bool(flag == "parameters_overview") }
        let table = try overview.createTable("hdf5_settings", columns: columns, options: .extendible(chunkRows: 1))
        try table.append(row)
    }

    private func writeParametersOverview(_ overview: HDF5Group) throws {
        let table: HDF5Table
        if try overview.contains("parameters_overview") {
            table = try overview.openTable("parameters_overview")
        } else {
            table = try overview.createTable("parameters_overview", columns: [
                HDF5Column("location", .string(length: 512)), HDF5Column("name", .string(length: 128)),
                HDF5Column("value", .string(length: 64)), HDF5Column("comment", .string(length: 512)),
            ], options: .extendible(chunkRows: 8))
        }
        let stored = Set(try table.readRows(columns: ["location", "name"]).map {
            ($0["location"]?.stringValue ?? "") + "." + ($0["name"]?.stringValue ?? "")
        })
        let rows: [HDF5Row] = trajectory.parameters.leaves().compactMap { leaf in
            guard let parameter = leaf as? Parameter, !stored.contains(parameter.fullName) else { return nil }
            let location = parameter.parent?.fullName ?? "parameters"
            return [
                "location": .string(Self.fit(location, 512)), "name": .string(Self.fit(parameter.name, 128)),
                "value": .string(Self.fit(Self.brief(parameter.defaultValue), 64)),
                "comment": .string(Self.fit(parameter.comment, 512)),
            ]
        }
        try table.append(rows)
    }

    private func writeRunErrors(_ overview: HDF5Group) throws {
        let failed = trajectory.runStatuses.filter(\.failed)
        let exists = try overview.contains("run_errors")
        guard !failed.isEmpty || exists else { return }
        let table: HDF5Table
        if exists {
            table = try overview.openTable("run_errors")
        } else {
            table = try overview.createTable("run_errors", columns: [HDF5Column("idx", .int64), HDF5Column("message", .string(length: 1024))],
                                             options: .extendible(chunkRows: 8))
        }
        let stored = try table.readRows()
        var known: [Int64: (row: Int, message: String)] = [:]
        for (row, entry) in stored.enumerated() {
            if let idx = entry["idx"]?.intValue { known[idx] = (row, entry["message"]?.stringValue ?? "") }
        }
        for run in failed {
            let message = Self.fit(run.failure ?? "", 1024)
            if let existing = known[Int64(run.index)] {
                if existing.message != message { try table.update(row: existing.row, with: ["message": .string(message)]) }
            } else {
                try table.append(["idx": .int(Int64(run.index)), "message": .string(message)])
            }
        }
        // A run that failed once and completed later (a resumed exploration ran it again) keeps its row with
        // an empty message, which readers take as "no failure" (rows cannot be removed from the table).
        let failedIndices = Set(failed.map { Int64($0.index) })
        for (index, existing) in known where !failedIndices.contains(index) && !existing.message.isEmpty {
            if Int(index) < trajectory.runStatuses.count, trajectory.runStatuses[Int(index)].completed {
                try table.update(row: existing.row, with: ["message": .string("")])
            }
        }
    }

    /// The runs a pruner stopped early (`idx`, `step`), one row per run; rows already stored are kept.
    private func writePrunedRuns(_ overview: HDF5Group) throws {
        let pruned = trajectory.runStatuses.filter(\.pruned)
        let exists = try overview.contains("pruned_runs")
        guard !pruned.isEmpty || exists else { return }
        let table: HDF5Table
        if exists {
            table = try overview.openTable("pruned_runs")
        } else {
            table = try overview.createTable("pruned_runs", columns: [HDF5Column("idx", .int64), HDF5Column("step", .int64)],
                                             options: .extendible(chunkRows: 64))
        }
        var known = Set<Int64>()
        if case .int(let indices)? = try table.readColumns(["idx"])["idx"] { known = Set(indices) }
        let added = pruned.filter { !known.contains(Int64($0.index)) }
        guard !added.isEmpty else { return }
        try table.append(columns: [
            "idx": .int(added.map { Int64($0.index) }), "step": .int(added.map { Int64($0.prunedAtStep ?? 0) }),
        ])
    }

    static func brief(_ value: PypetValue) -> String {
        switch value {
        case .bool(let v): v ? "True" : "False"
        case .int(let v): "\(v)"
        case .double(let v): "\(v)"
        case .float(let v): "\(v)"
        case .string(let v): v
        case .complex(let v): "(\(v.real)+\(v.imaginary)j)"
        default: value.typeDescription
        }
    }

    /// `text` cut to at most `bytes` UTF-8 bytes, on a character boundary.
    static func fit(_ text: String, _ bytes: Int) -> String {
        guard text.utf8.count > bytes else { return text }
        var result = ""
        var used = 0
        for character in text {
            let size = character.utf8.count
            if used + size > bytes { break }
            result.append(character)
            used += size
        }
        return result
    }
}
