/// A sparse matrix of doubles in compressed sparse row (CSR) form, as scipy's `csr_matrix`.
public struct SparseMatrix: Sendable, Hashable, Codable {
    /// Rows and columns.
    public let rows: Int, columns: Int
    /// The stored (non-zero) values, row by row.
    public let values: [Double]
    /// The column of each stored value.
    public let columnIndices: [Int]
    /// `rows + 1` offsets into ``values``: row `r` holds `values[rowPointers[r]..<rowPointers[r + 1]]`.
    public let rowPointers: [Int]

    /// Creates a matrix, checking the CSR invariants.
    public init(rows: Int, columns: Int, values: [Double], columnIndices: [Int], rowPointers: [Int]) throws(TrajectoryError) {
        guard rows >= 0, columns >= 0 else { throw .invalidValue("negative sparse matrix size") }
        guard values.count == columnIndices.count, rowPointers.count == rows + 1, rowPointers.first == 0,
            rowPointers.last == values.count, zip(rowPointers, rowPointers.dropFirst()).allSatisfy({ $0 <= $1 }),
            columnIndices.allSatisfy({ (0..<columns).contains($0) })
        else {
            throw .invalidValue("inconsistent CSR arrays for a \(rows)x\(columns) matrix")
        }
        self.rows = rows
        self.columns = columns
        self.values = values
        self.columnIndices = columnIndices
        self.rowPointers = rowPointers
    }

    /// Builds a matrix from a dense row-major array, keeping the non-zero entries.
    public init(dense: [Double], rows: Int, columns: Int) throws(TrajectoryError) {
        guard rows >= 0, columns >= 0, dense.count == rows * columns else {
            throw .invalidValue("\(dense.count) values do not fill a \(rows)x\(columns) matrix")
        }
        var values: [Double] = [], indices: [Int] = [], pointers = [0]
        for row in 0..<rows {
            for column in 0..<columns where dense[row * columns + column] != 0 {
                values.append(dense[row * columns + column])
                indices.append(column)
            }
            pointers.append(values.count)
        }
        try self.init(rows: rows, columns: columns, values: values, columnIndices: indices, rowPointers: pointers)
    }

    /// The entry at (`row`, `column`), zero when not stored; nil outside the matrix.
    public subscript(row: Int, column: Int) -> Double? {
        guard (0..<rows).contains(row), (0..<columns).contains(column) else { return nil }
        for index in rowPointers[row]..<rowPointers[row + 1] where columnIndices[index] == column {
            return values[index]
        }
        return 0
    }
}
