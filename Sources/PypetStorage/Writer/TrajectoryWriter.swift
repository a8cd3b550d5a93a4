import Foundation
import HDF5
import PypetCore

/// Writes one trajectory into an open file, following pypet's layout.
final class TrajectoryWriter {
    let file: HDF5File
    let trajectory: Trajectory
    let options: StorageOptions
    let mode: StoreMode
    let base: HDF5Group
    /// Whether the overview tables and `config/hdf5` are written (not for part files).
    var includeOverview = true
    /// Whether the tree's nodes are written (not for a metadata-only store).
    var includeNodes = true
    /// Open groups by dotted full name: every node is written through its parent's handle, one path
    /// component at a time.
    private var groups: [String: HDF5Group] = [:]

    init(file: HDF5File, trajectory: Trajectory, options: StorageOptions, mode: StoreMode) throws {
        self.file = file
        self.trajectory = trajectory
        self.options = options
        self.mode = mode
        base = try file.root.requireGroup(trajectory.name)
    }

    func write() throws {
        for node in includeNodes ? trajectory.root.nodes() : [] {
            let parent = try parentGroup(of: node)
            switch node {
            case let group as GroupNode: try writeGroup(group, in: parent)
            case let parameter as Parameter: try writeParameter(parameter, in: parent)
            case let result as ResultNode: try writeResult(result, in: parent)
            default: break
            }
        }
        guard includeOverview else { return }
        try writeConfigHDF5()
        try OverviewWriter(base: base, trajectory: trajectory, options: options).write()
    }

    static func path(of node: Node) -> String {
        node.fullName.replacingOccurrences(of: ".", with: "/")
    }

    // MARK: Groups

    private func parentGroup(of node: Node) throws -> HDF5Group {
        guard let parent = node.parent, !parent.fullName.isEmpty else { return base }
        if let group = groups[parent.fullName] { return group }
        let group = try base.requireGroup(Self.path(of: parent))
        groups[parent.fullName] = group
        return group
    }

    private func writeGroup(_ node: GroupNode, in parent: HDF5Group) throws {
        let group = try parent.contains(node.name) ? try parent.openGroup(node.name) : try parent.createGroup(node.name)
        groups[node.fullName] = group
        try writeMeta(node, to: group)
        for (name, target) in node.links {
            guard let target, try !group.contains(name), try group.linkKind(name) == nil else { continue }
            try group.createSoftLink(name, to: base.path + "/" + Self.path(of: target))
        }
    }

    private func writeMeta(_ node: Node, to group: HDF5Group) throws {
        if !node.comment.isEmpty { try group.setAttribute(Layout.comment, .string(node.comment)) }
        guard !node.annotations.isEmpty else { return }
        try group.setAttribute(Layout.annotated, .bool(true))
        for (key, value) in node.annotations.sorted(by: { $0.key < $1.key }) {
            guard let attribute = Self.attributeValue(value) else { continue }
            try group.setAttribute(Layout.annotationPrefix + key, attribute)
        }
    }

    static func attributeValue(_ value: PypetValue) -> HDF5Value? {
        switch value {
        case .bool(let v): .bool(v)
        case .int(let v): .int(Int64(v))
        case .double(let v): .double(v)
        case .float(let v): .double(Double(v))
        case .string(let v): .string(v)
        case .complex(let v): .complex(v)
        case .list(let values):
            switch values.first {
            case .int?: .intArray(values.compactMap { if case .int(let v) = $0 { Int64(v) } else { nil } })
            case .double?: .doubleArray(values.compactMap { if case .double(let v) = $0 { v } else { nil } })
            case .bool?: .boolArray(values.compactMap { if case .bool(let v) = $0 { v } else { nil } })
            case .string?: .stringArray(values.compactMap { if case .string(let v) = $0 { v } else { nil } })
            default: nil
            }
        default: nil
        }
    }

    // MARK: Parameters

    private func writeParameter(_ parameter: Parameter, in parent: HDF5Group) throws {
        let item = parameter.fullName
        let name = parameter.name
        if try parent.contains(name) {
            switch mode {
            case .overwrite: try parent.removeLink(name)
            case .addNew, .skipExisting:
                let group = try parent.openGroup(name)
                if try group.contains(SparseParameterLayout.dataName) {
                    try SparseParameterLayout.appendExplored(parameter, to: group)
                } else if try group.contains(ArrayParameterLayout.dataName) {
                    try ArrayParameterLayout.appendExplored(parameter, to: group, options: options)
                } else {
                    try appendExplored(parameter, group: group)
                }
                return
            }
        }
        let group = try parent.createGroup(name)
        if case .sparse = parameter.defaultValue {
            try group.setAttribute(Layout.className, .string(SparseParameterLayout.className))
            try group.setAttribute(Layout.leaf, .bool(true))
            try writeMeta(parameter, to: group)
            try SparseParameterLayout.write(parameter, into: group)
            return
        }
        if ArrayParameterLayout.isNeeded(for: [parameter.defaultValue] + parameter.range) {
            try group.setAttribute(Layout.className, .string(ArrayParameterLayout.className))
            try group.setAttribute(Layout.leaf, .bool(true))
            try writeMeta(parameter, to: group)
            try ArrayParameterLayout.write(parameter, into: group, options: options)
            return
        }
        try group.setAttribute(Layout.className, .string("Parameter"))
        try group.setAttribute(Layout.leaf, .bool(true))
        if let custom = customType(parameter.defaultValue) { try group.setAttribute(Layout.customType, .string(custom)) }
        if case .quantity(let quantity) = parameter.defaultValue { try QuantityLayout.attach(quantity.unit, to: group) }
        try writeMeta(parameter, to: group)
        let (defaultValue, range) = try plainValues(parameter)
        let column = try ParameterColumn(for: [defaultValue] + range, item: item)
        let data = try makeTable(group, "data", column)
        try data.append(["data": try column.cell(defaultValue, item: item)])
        if parameter.isExplored {
            try column.append(range, to: try makeTable(group, "explored_data", column, count: range.count), item: item)
        }
    }

    /// A parameter's default and range as the table stores them: quantities as numbers in the default's unit.
    private func plainValues(_ parameter: Parameter) throws -> (PypetValue, [PypetValue]) {
        guard case .quantity(let quantity) = parameter.defaultValue else { return (parameter.defaultValue, parameter.range) }
        let values = try QuantityLayout.magnitudes([parameter.defaultValue] + parameter.range, unit: quantity.unit, item: parameter.fullName)
        return (values[0], Array(values.dropFirst()))
    }

    /// Appends the explored values the file does not hold yet (rows are never rewritten).
    private func appendExplored(_ parameter: Parameter, group: HDF5Group) throws {
        guard parameter.isExplored else { return }
        let item = parameter.fullName
        let (defaultValue, plainRange) = try plainValues(parameter)
        if try !group.contains("explored_data") {
            let column = try ParameterColumn(for: [defaultValue] + plainRange, item: item)
            try column.append(plainRange, to: try makeTable(group, "explored_data", column, count: plainRange.count), item: item)
            return
        }
        let table = try group.openTable("explored_data")
        let stored = try table.rowCount
        guard stored < plainRange.count else { return }
        let fresh = plainRange[stored...]
        let column = try ParameterColumn(for: [defaultValue] + plainRange, item: item)
        if let existing = try table.columns.first?.type, ParameterColumn.withType(existing, from: column).fits(fresh) {
            let stable = ParameterColumn.withType(existing, from: column)
            try stable.append(fresh, to: table, item: item)
        } else {
            // A longer string than the column holds: the one case where the range is rewritten, wider.
            try group.removeLink("explored_data")
            try column.append(plainRange, to: try makeTable(group, "explored_data", column, count: plainRange.count), item: item)
        }
    }

    private func makeTable(_ group: HDF5Group, _ name: String, _ column: ParameterColumn, count: Int = 1) throws -> HDF5Table {
        try Self.makeTable(group, name, column, count: count)
    }

    /// A parameter's one-column table (`data` or `explored_data`, about to receive `count` rows) with pypet's
    /// column attributes.
    static func makeTable(_ group: HDF5Group, _ name: String, _ column: ParameterColumn, count: Int = 1) throws -> HDF5Table {
        // `data` holds one row for good; `explored_data` grows with expansions: chunks of 64 rows for small
        // ranges, up to 64 KiB for long ones (a million values in 512-byte chunks made readers walk 15,625
        // chunks and libhdf5 hold 65 MB of chunk index to read 8 MB).
        let rows = name == "data" ? 1 : Self.chunkRows(count: count, rowBytes: Self.bytes(of: column.type))
        let table = try group.createTable(name, columns: [HDF5Column("data", column.type)], options: .extendible(chunkRows: rows))
        try table.setAttribute(Layout.store, .string(Layout.Store.table))
        try table.setAttribute(Layout.columnCollection("data"), .string(column.collection))
        if let scalar = column.scalarType { try table.setAttribute(Layout.columnScalar("data"), .string(scalar)) }
        return table
    }

    /// Rows per chunk of an explored range about to hold `count` rows of `rowBytes` bytes: the count rounded
    /// up to a power of two, at least 64 rows, at most 64 KiB.
    static func chunkRows(count: Int, rowBytes: Int) -> Int {
        let most = max(64, 65_536 / max(1, rowBytes))
        var rows = 64
        while rows < count, rows < most { rows *= 2 }
        return min(rows, most)
    }

    /// The bytes a value of `type` takes in a row (variable-length strings: their 16-byte descriptor).
    static func bytes(of type: HDF5ColumnType) -> Int {
        switch type {
        case .int64, .float64: 8
        case .int32, .float32: 4
        case .uint8, .bool: 1
        case .complex, .variableString: 16
        case .string(let length, _): length
        case .array(let element, let shape): bytes(of: element) * shape.reduce(1) { $0 * max(1, $1) }
        }
    }

    private func customType(_ value: PypetValue) -> String? {
        if case .custom(let custom) = value { custom.typeName } else { nil }
    }

    // MARK: Results

    private func writeResult(_ result: ResultNode, in parent: HDF5Group) throws {
        let group: HDF5Group
        if try parent.contains(result.name) {
            switch mode {
            case .skipExisting: return
            case .overwrite:
                try parent.removeLink(result.name)
                group = try createResultGroup(result, in: parent)
            case .addNew where result.isShared:
                // A shared table grew since it was stored: written again whole.
                try parent.removeLink(result.name)
                group = try createResultGroup(result, in: parent)
            case .addNew:
                group = try parent.openGroup(result.name)
            }
        } else {
            group = try createResultGroup(result, in: parent)
        }
        for item in result.itemNames where try !group.contains(item) {
            try ResultItemWriter(group: group, options: options).write(try result.item(item), named: item, item: result.fullName + "." + item)
        }
    }

    private func createResultGroup(_ result: ResultNode, in parent: HDF5Group) throws -> HDF5Group {
        let group = try parent.createGroup(result.name)
        try group.setAttribute(Layout.className, .string("Result"))
        try group.setAttribute(Layout.leaf, .bool(true))
        try writeMeta(result, to: group)
        return group
    }

    // MARK: Settings

    private func writeConfigHDF5() throws {
        let settings: [(String, PypetValue)] = [
            ("complevel", .int(options.deflate ?? 0)), ("complib", .string("zlib")),
            ("shuffle", .bool(options.shuffle)), ("fletcher32", .bool(options.fletcher32)),
        ]
        for (name, value) in settings {
            let path = "config/hdf5/" + name
            guard try !base.contains(path) else { continue }
            let group = try base.createGroup(path)
            try group.setAttribute(Layout.className, .string("Parameter"))
            try group.setAttribute(Layout.leaf, .bool(true))
            let column = try ParameterColumn(for: [value], item: "config.hdf5." + name)
            try makeTable(group, "data", column).append(["data": try column.cell(value, item: "config.hdf5." + name)])
        }
    }
}

extension ParameterColumn {
    /// `column` re-typed to a column type already in the file (its string width), keeping the rest.
    static func withType(_ type: HDF5ColumnType, from column: ParameterColumn) -> ParameterColumn {
        ParameterColumn(type: type, collection: column.collection, scalarType: column.scalarType, customType: column.customType)
    }
}
