extension Trajectory {
    /// The column every shared table starts with: the run that appended the row.
    public static let sharedRunColumn = "run"

    /// Sets the rows run `rows`' `run` column names in the shared table result `name` (a full name below
    /// `results`, such as `results.losses`): pypet's `SharedTable`, a table every run appends rows to.
    /// Rows stay in run order whatever order runs finish in (within a run, in the order it appended them);
    /// setting a run's rows again replaces them, so recovery may apply a run twice. The first rows fix the
    /// columns and their types; rows with other columns are a ``TrajectoryError/Code/invalidValue``.
    public func setSharedRows(_ name: String, _ rows: DataTable) throws(TrajectoryError) {
        guard rows.columnNames.first == Self.sharedRunColumn, case .int(let runs)? = rows[column: Self.sharedRunColumn] else {
            throw TrajectoryError(code: .invalidValue, message: "shared rows need an integer '\(Self.sharedRunColumn)' column first", name: name)
        }
        guard !runs.isEmpty else { return }
        let full = name.hasPrefix("results.") ? name : "results." + name
        let item = String(full.split(separator: ".").last ?? Substring(full))
        let result: ResultNode
        if let existing = try? self.result(full), existing.fullName == full {
            result = existing
        } else {
            result = try addResult(String(full.dropFirst("results.".count)), comment: "rows appended by the runs (a shared table)")
        }
        result.isShared = true
        guard case .table(let stored)? = try? result.item(item) else {
            try result.set(item, .table(rows))
            return
        }
        guard stored.columnNames == rows.columnNames,
            stored.columnNames.allSatisfy({ Self.sameKind(stored[column: $0], rows[column: $0]) })
        else {
            throw TrajectoryError(
                code: .invalidValue,
                message: "run \(runs[0]) appends rows with columns \(rows.columnNames.joined(separator: ", ")) to a shared table of columns \(stored.columnNames.joined(separator: ", "))",
                name: full)
        }
        guard case .int(let storedRuns)? = stored[column: Self.sharedRunColumn] else { return }
        let replaced = Set(runs)
        // Rows of other runs stay; the new ones go in run order (a stable merge of two sorted lists).
        let kept = storedRuns.indices.filter { !replaced.contains(storedRuns[$0]) }
        var order: [(table: Int, row: Int)] = []
        order.reserveCapacity(kept.count + runs.count)
        var a = 0, b = 0
        while a < kept.count || b < runs.count {
            if b >= runs.count || (a < kept.count && storedRuns[kept[a]] <= runs[b]) {
                order.append((0, kept[a]))
                a += 1
            } else {
                order.append((1, b))
                b += 1
            }
        }
        var merged: [(String, DataTable.Column)] = []
        for column in stored.columnNames {
            guard let old = stored[column: column], let new = rows[column: column] else { continue }
            merged.append((column, Self.pick(old, new, order)))
        }
        try result.set(item, .table(try DataTable(merged)))
    }

    private static func sameKind(_ a: DataTable.Column?, _ b: DataTable.Column?) -> Bool {
        switch (a, b) {
        case (.bool?, .bool?), (.int?, .int?), (.double?, .double?), (.string?, .string?): true
        default: false
        }
    }

    private static func pick(_ old: DataTable.Column, _ new: DataTable.Column, _ order: [(table: Int, row: Int)]) -> DataTable.Column {
        func take<T>(_ a: [T], _ b: [T]) -> [T] { order.map { $0.table == 0 ? a[$0.row] : b[$0.row] } }
        switch (old, new) {
        case (.bool(let a), .bool(let b)): return .bool(take(a, b))
        case (.int(let a), .int(let b)): return .int(take(a, b))
        case (.double(let a), .double(let b)): return .double(take(a, b))
        case (.string(let a), .string(let b)): return .string(take(a, b))
        default: return old
        }
    }
}
