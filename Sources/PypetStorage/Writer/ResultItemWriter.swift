import HDF5
import PypetCore

/// Writes one result item as a dataset inside its result's group, in pypet's layout.
struct ResultItemWriter {
    let group: HDF5Group
    let options: StorageOptions

    func write(_ value: PypetValue, named name: String, item: String) throws {
        switch value {
        case .double(let v): try scalar(try group.createDataset(name, values: [v], shape: []), value)
        case .int(let v): try scalar(try group.createDataset(name, values: [Int64(v)], shape: []), value)
        case .bool(let v): try scalar(try group.createDataset(name, values: [v], shape: []), value)
        case .float(let v): try scalar(try group.createDataset(name, values: [v], shape: []), value)
        case .complex(let v): try scalar(try group.createDataset(name, values: [v], shape: []), value)
        case .string(let v): try scalar(try group.createStringDataset(name, values: [v], shape: []), value)
        case .custom(let custom):
            let dataset = try group.createStringDataset(name, values: [ParameterColumn.text(of: value)], shape: [])
            try scalar(dataset, value)
            try dataset.setAttribute(Layout.customType, .string(custom.typeName))
        case .quantity(let quantity):
            let dataset = try group.createDataset(
                name, values: quantity.magnitudes, shape: quantity.shape, options: quantity.isScalar ? .init() : filtered(quantity.count))
            if quantity.isScalar {
                try scalar(dataset, .double(0))
            } else {
                try mark(dataset, store: storeName(quantity.count), collection: Layout.Collection.ndarray, scalar: nil)
            }
            try QuantityLayout.attach(quantity.unit, to: dataset)
        case .list(let values):
            let dataset = try list(values, named: name, item: item)
            try mark(dataset, store: Layout.Store.array, collection: Layout.Collection.list, scalar: ScalarType.elementName(of: value))
        case .array(let array):
            let dataset = try self.array(array, named: name, item: item)
            try mark(dataset, store: storeName(array.count), collection: Layout.Collection.ndarray, scalar: nil)
        case .sparse(let sparse):
            var dense = [Double](repeating: 0, count: sparse.rows * sparse.columns)
            for row in 0..<sparse.rows {
                for index in sparse.rowPointers[row]..<sparse.rowPointers[row + 1] {
                    dense[row * sparse.columns + sparse.columnIndices[index]] = sparse.values[index]
                }
            }
            let dataset = try group.createDataset(name, values: dense, shape: [sparse.rows, sparse.columns], options: filtered(dense.count))
            try mark(dataset, store: storeName(dense.count), collection: Layout.Collection.ndarray, scalar: nil)
            try dataset.setAttribute(Layout.swiftKind, .string("sparse"))
        case .dictionary(let entries):
            try dictionary(entries, named: name, item: item)
        case .table(let table):
            try self.table(table, named: name, item: item)
        case .pickled(let pickled):
            throw StorageError(
                code: .unsupported,
                message: "a pickled Python object (\(pickled)) cannot be written: swift-pypet keeps only its description, not the pickle",
                item: item)
        }
    }

    private func scalar(_ dataset: HDF5Dataset, _ value: PypetValue) throws {
        try mark(dataset, store: Layout.Store.array, collection: Layout.Collection.scalar, scalar: ScalarType.name(of: value))
    }

    private func mark(_ dataset: HDF5Object, store: String, collection: String, scalar: String?) throws {
        try dataset.setAttribute(Layout.store, .string(store))
        try dataset.setAttribute(Layout.dataCollection, .string(collection))
        if let scalar { try dataset.setAttribute(Layout.dataScalar, .string(scalar)) }
    }

    private func storeName(_ count: Int) -> String {
        options.deflate != nil && count > 0 ? Layout.Store.carray : Layout.Store.array
    }

    private func filtered(_ count: Int) -> HDF5DatasetOptions {
        guard let level = options.deflate, count > 0 else { return .init() }
        return HDF5DatasetOptions(deflate: level, shuffle: options.shuffle, fletcher32: options.fletcher32)
    }

    private func list(_ values: [PypetValue], named name: String, item: String) throws -> HDF5Dataset {
        switch values.first {
        case .double?, nil: return try group.createDataset(name, values: values.compactMap { if case .double(let v) = $0 { v } else { nil } })
        case .int?: return try group.createDataset(name, values: values.compactMap { if case .int(let v) = $0 { Int64(v) } else { nil } })
        case .bool?: return try group.createDataset(name, values: values.compactMap { if case .bool(let v) = $0 { v } else { nil } })
        case .float?: return try group.createDataset(name, values: values.compactMap { if case .float(let v) = $0 { v } else { nil } })
        case .complex?: return try group.createDataset(name, values: values.compactMap { if case .complex(let v) = $0 { v } else { nil } })
        case .string?: return try group.createStringDataset(name, values: values.compactMap { if case .string(let v) = $0 { v } else { nil } })
        default: throw StorageError(code: .unsupported, message: "a list of \(values.first?.typeDescription ?? "?")", item: item)
        }
    }

    private func array(_ array: NDArray, named name: String, item: String) throws -> HDF5Dataset {
        let options = filtered(array.count)
        switch array.elements {
        case .double(let v): return try group.createDataset(name, values: v, shape: array.shape, options: options)
        case .int(let v): return try group.createDataset(name, values: v.map(Int64.init), shape: array.shape, options: options)
        case .bool(let v): return try group.createDataset(name, values: v, shape: array.shape, options: options)
        case .float(let v): return try group.createDataset(name, values: v, shape: array.shape, options: options)
        case .complex(let v): return try group.createDataset(name, values: v, shape: array.shape, options: options)
        case .string(let v): return try group.createStringDataset(name, values: v, shape: array.shape)
        }
    }

    private func dictionary(_ entries: [String: PypetValue], named name: String, item: String) throws {
        let keys = entries.keys.sorted()
        var columns: [HDF5Column] = []
        var row: HDF5Row = [:]
        for key in keys {
            guard let value = entries[key] else { continue }
            let column = try ParameterColumn(for: [value], item: item + "." + key)
            let type: HDF5ColumnType = if case .string = value { .string(length: max(1, ParameterColumn.text(of: value).utf8.count)) } else { column.type }
            columns.append(HDF5Column(key, type))
            row[key] = try column.cell(value, item: item + "." + key)
        }
        guard !columns.isEmpty else {
            throw StorageError(code: .unsupported, message: "an empty dictionary", item: item)
        }
        let table = try group.createTable(name, columns: columns, options: .extendible(chunkRows: 1))
        try table.append(row)
        try table.setAttribute(Layout.store, .string(Layout.Store.dict))
        try table.setAttribute(Layout.dataCollection, .string(Layout.Collection.dict))
        for key in keys {
            guard let value = entries[key] else { continue }
            try table.setAttribute(Layout.columnCollection(key), .string(Layout.Collection.scalar))
            if let scalar = ScalarType.name(of: value) { try table.setAttribute(Layout.columnScalar(key), .string(scalar)) }
        }
    }

    private func table(_ table: DataTable, named name: String, item: String) throws {
        var columns: [HDF5Column] = []
        for column in table.columnNames {
            switch table[column: column] {
            case .int?: columns.append(HDF5Column(column, .int64))
            case .double?: columns.append(HDF5Column(column, .float64))
            case .bool?: columns.append(HDF5Column(column, .bool))
            case .string(let values)?:
                columns.append(HDF5Column(column, .string(length: max(1, values.map { $0.utf8.count }.max() ?? 1))))
            case nil: continue
            }
        }
        guard !columns.isEmpty else { throw StorageError(code: .unsupported, message: "a table without columns", item: item) }
        let stored = try group.createTable(name, columns: columns, options: .extendible(chunkRows: max(1, min(table.rowCount, 1024))))
        var rows = [HDF5Row](repeating: [:], count: table.rowCount)
        for column in table.columnNames {
            switch table[column: column] {
            case .int(let values)?: for (i, v) in values.enumerated() { rows[i][column] = .int(Int64(v)) }
            case .double(let values)?: for (i, v) in values.enumerated() { rows[i][column] = .double(v) }
            case .bool(let values)?: for (i, v) in values.enumerated() { rows[i][column] = .bool(v) }
            case .string(let values)?: for (i, v) in values.enumerated() { rows[i][column] = .string(v) }
            case nil: continue
            }
        }
        try stored.append(rows)
        try stored.setAttribute(Layout.store, .string(Layout.Store.table))
        try stored.setAttribute(Layout.swiftKind, .string("table"))
    }
}
