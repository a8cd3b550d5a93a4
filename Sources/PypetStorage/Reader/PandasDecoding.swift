import HDF5
import PypetCore

/// Reads the pandas `DataFrame`s and `Series` pypet stores in results (`SRVC_STORE` `FRAME` or `SERIES`,
/// written by pandas' `HDFStore` in its "fixed" format: a group of `axis0`/`axis1`/`blockN_items`/
/// `blockN_values` arrays for a frame, `index`/`values` for a series) as a `DataTable`.
///
/// The columns keep their order; an index that is not the default `0..<rows` becomes a first column
/// named `index`. Columns of Python objects (which pandas pickles), dates or complex numbers cannot be
/// held by a `DataTable` and make the item an error that says so.
enum PandasDecoding {
    static func value(_ group: HDF5Group, store: String, item: String) throws -> PypetValue {
        let pandasType = (try? group.stringAttribute("pandas_type")) ?? ""
        if pandasType.hasSuffix("_table") {
            // pandas keeps the column names of its "table" format in pickled attributes.
            throw StorageError(
                code: .unsupported,
                message: "pandas data stored in pandas' 'table' format cannot be read (its column names are pickled); "
                    + "pypet's default 'fixed' format can",
                item: item)
        }
        var columns: [(String, DataTable.Column)]
        let index: DataTable.Column
        switch (store, pandasType) {
        case ("SERIES", _), (_, "series"):
            index = try column(try group.openDataset("index"), name: "index", item: item)
            let name = (try? group.stringAttribute("name")).flatMap { $0 == "N." || $0.isEmpty ? nil : $0 } ?? "values"
            columns = [(name, try column(try group.openDataset("values"), name: name, item: item))]
        case ("FRAME", _), (_, "frame"):
            index = try column(try group.openDataset("axis1"), name: "index", item: item)
            let names = try labels(try group.openDataset("axis0"), item: item)
            var byName: [String: DataTable.Column] = [:]
            let blocks = Int((try? group.intAttribute("nblocks")) ?? 0)
            for block in 0..<blocks {
                let items = try labels(try group.openDataset("block\(block)_items"), item: item)
                let values = try group.openDataset("block\(block)_values")
                let transposed: Bool =
                    switch try? values.attribute("transposed") {
                    case .bool(let flag)?: flag
                    case .int(let flag)?: flag != 0
                    default: false
                    }
                for (position, name) in items.enumerated() {
                    byName[name] = try column(
                        values, name: name, item: item, part: (position: position, count: items.count, transposed: transposed))
                }
            }
            columns = try names.map { name throws(StorageError) in
                guard let column = byName[name] else {
                    throw StorageError(code: .invalidFile, message: "the DataFrame has no values for its column '\(name)'", item: item)
                }
                return (name, column)
            }
        default:
            throw StorageError(
                code: .unsupported, message: "pandas data of kind '\(pandasType.isEmpty ? store : pandasType)' cannot be read", item: item)
        }
        if !isDefaultIndex(index, rows: columns.first?.1.count ?? index.count) {
            guard !columns.contains(where: { $0.0 == "index" }) else {
                throw StorageError(
                    code: .unsupported, message: "the DataFrame has both a column named 'index' and a non-default index", item: item)
            }
            columns.insert(("index", index), at: 0)
        }
        do {
            return .table(try DataTable(columns))
        } catch {
            throw StorageError(code: .invalidFile, message: error.message, item: item)
        }
    }

    private static func isDefaultIndex(_ index: DataTable.Column, rows: Int) -> Bool {
        guard case .int(let values) = index else { return false }
        return values == Array(0..<rows)
    }

    private static func labels(_ dataset: HDF5Dataset, item: String) throws -> [String] {
        switch try column(dataset, name: "labels", item: item) {
        case .string(let v): v
        case .int(let v): v.map(String.init)
        case .double(let v): v.map { String($0) }
        case .bool(let v): v.map(String.init)
        }
    }

    /// One column: a whole one-dimensional dataset, or column `part.position` of a block of `part.count`
    /// columns (stored as rows x columns when `transposed`, else columns x rows).
    private static func column(
        _ dataset: HDF5Dataset, name: String, item: String, part: (position: Int, count: Int, transposed: Bool)? = nil
    ) throws -> DataTable.Column {
        if let kind = try? dataset.stringAttribute("value_type"), kind.hasPrefix("datetime") || kind.hasPrefix("timedelta") {
            throw StorageError(code: .unsupported, message: "the pandas column '\(name)' holds \(kind) values, which cannot be read", item: item)
        }
        let elements: NDArray.Elements
        do {
            elements = try ValueDecoding.elements(of: dataset, scalarType: nil, item: item)
        } catch let error as StorageError where error.code == .unsupported {
            throw StorageError(
                code: .unsupported,
                message: "the pandas column '\(name)' holds Python objects (which pandas pickles) or another type swift-pypet cannot read",
                item: item)
        }
        let shape = try dataset.shape
        func pick<T>(_ values: [T]) throws(StorageError) -> [T] {
            guard let part else { return values }
            guard shape.count == 2, part.position < part.count else {
                throw StorageError(code: .invalidFile, message: "the pandas block holding '\(name)' is not two-dimensional", item: item)
            }
            let (rows, columns) = part.transposed ? (shape[0], shape[1]) : (shape[1], shape[0])
            guard columns == part.count else {
                throw StorageError(code: .invalidFile, message: "the pandas block holding '\(name)' has \(columns) columns for \(part.count) names", item: item)
            }
            return (0..<rows).map { row in part.transposed ? values[row * columns + part.position] : values[part.position * rows + row] }
        }
        switch elements {
        case .bool(let v): return .bool(try pick(v))
        case .int(let v): return .int(try pick(v))
        case .double(let v): return .double(try pick(v))
        case .float(let v): return .double(try pick(v).map(Double.init))
        case .string(let v): return .string(try pick(v))
        case .complex:
            throw StorageError(code: .unsupported, message: "the pandas column '\(name)' holds complex numbers, which a table cannot hold", item: item)
        }
    }
}
