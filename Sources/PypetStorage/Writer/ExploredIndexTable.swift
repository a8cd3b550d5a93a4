import HDF5

/// The `idx` table pypet's ArrayParameter and SparseParameter layouts keep beside the stored values: one
/// row per explored run, naming the stored value that run uses.
enum ExploredIndexTable {
    /// The table `name` of `group`, created (empty, extendible, with pypet's column attributes) if missing.
    static func open(_ name: String, in group: HDF5Group) throws -> HDF5Table {
        if try group.contains(name) { return try group.openTable(name) }
        let table = try group.createTable(name, columns: [HDF5Column("idx", .int64)], options: .extendible(chunkRows: 64))
        try table.setAttribute(Layout.store, .string(Layout.Store.table))
        try table.setAttribute(Layout.columnCollection("idx"), .string(Layout.Collection.scalar))
        try table.setAttribute(Layout.columnScalar("idx"), .string("int"))
        return table
    }
}
