import HDF5
import PypetCore

/// Writes sparse-matrix parameters the way pypet 0.6.1's `SparseParameter` does, so that pypet and
/// swift-pypet load them: the default as `data__spsp__`, each distinct explored matrix once as
/// `xspm__spsp__NNNNNNNN`, the runs' choice in the table `explored_data__spsp__` (column `idx`). Each
/// matrix is the hex text of a CSR `.npz` archive, as `scipy.sparse.save_npz` writes it (uncompressed).
enum SparseParameterLayout {
    static let className = "SparseParameter"
    static let dataName = "data" + LeafReading.sparseSuffix
    static let indexTableName = "explored_data" + LeafReading.sparseSuffix

    static func write(_ parameter: Parameter, into group: HDF5Group) throws {
        let item = parameter.fullName
        try writeMatrix(parameter.defaultValue, named: dataName, in: group, item: item)
        if parameter.isExplored { try appendExplored(parameter, to: group) }
    }

    /// Adds the explored values the file does not hold yet (rows and stored matrices are never rewritten).
    static func appendExplored(_ parameter: Parameter, to group: HDF5Group) throws {
        guard parameter.isExplored else { return }
        let item = parameter.fullName
        let table = try ExploredIndexTable.open(indexTableName, in: group)
        let stored = try table.rowCount
        guard stored < parameter.range.count else { return }
        // Matrices already in the file keep their numbers; new distinct ones take the next free numbers.
        var next = try group.linkNames().filter { $0.hasPrefix(matrixPrefix) }.count
        var numbers: [PypetValue: Int] = [:]
        var indices: [Int64] = []
        for value in parameter.range[stored...] {
            if let known = numbers[value] {
                indices.append(Int64(known))
                continue
            }
            try writeMatrix(value, named: matrixName(next), in: group, item: item)
            numbers[value] = next
            indices.append(Int64(next))
            next += 1
        }
        try table.append(columns: ["idx": .int(indices)])
    }

    static let matrixPrefix = "xspm" + LeafReading.sparseSuffix

    static func matrixName(_ number: Int) -> String {
        let digits = String(number)
        return matrixPrefix + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
    }

    private static func writeMatrix(_ value: PypetValue, named name: String, in group: HDF5Group, item: String) throws {
        guard case .sparse(let matrix) = value else {
            throw StorageError(code: .unsupported, message: "a sparse parameter can only take sparse matrices, not a \(value.typeDescription)", item: item)
        }
        let dataset = try group.createStringDataset(name, values: [hex(of: matrix)], shape: [])
        try dataset.setAttribute(Layout.store, .string(Layout.Store.array))
        try dataset.setAttribute(Layout.dataCollection, .string(Layout.Collection.scalar))
        try dataset.setAttribute(Layout.dataScalar, .string("str"))
    }

    /// The hex text of the CSR `.npz` archive of `matrix`.
    static func hex(of matrix: SparseMatrix) -> String {
        let archive = NumpyArchive.zipped([
            ("indices", NumpyArray(shape: [matrix.columnIndices.count], elements: .signed(matrix.columnIndices.map { Int64($0) }))),
            ("indptr", NumpyArray(shape: [matrix.rowPointers.count], elements: .signed(matrix.rowPointers.map { Int64($0) }))),
            ("format", NumpyArray(shape: [], elements: .bytes(["csr"]))),
            ("shape", NumpyArray(shape: [2], elements: .signed([Int64(matrix.rows), Int64(matrix.columns)]))),
            ("data", NumpyArray(shape: [matrix.values.count], elements: .float(matrix.values))),
        ])
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(archive.count * 2)
        for byte in archive {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
