import PypetCore

/// Rebuilds the scipy sparse matrices pypet stores (`SparseParameter`, `SparseResult`): a hex string of
/// the `.npz` archive `scipy.sparse.save_npz` writes, in csr, csc, bsr, dia (or coo) format. Every format
/// becomes a CSR `SparseMatrix` holding the same entries (duplicates summed, as scipy does).
enum SparseDecoding {
    static func matrix(hex: String, item: String) throws(StorageError) -> SparseMatrix {
        func failure(_ reason: String) -> StorageError {
            StorageError(code: .invalidFile, message: "the sparse matrix cannot be read: \(reason)", item: item)
        }
        guard let bytes = bytes(fromHex: hex) else { throw failure("its stored text is not hexadecimal") }
        let arrays: [String: NumpyArray]
        do {
            arrays = try NumpyArchive(zip: bytes).arrays
        } catch {
            throw failure(error.reason)
        }
        guard case .bytes(let formats)? = arrays["format"]?.elements, let format = formats.first else {
            throw failure("the archive does not say its format")
        }
        guard let shape = arrays["shape"]?.integers, shape.count == 2, shape[0] >= 0, shape[1] >= 0,
            !shape[0].multipliedReportingOverflow(by: max(shape[1], 1)).overflow
        else { throw failure("the archive holds no valid two-dimensional shape") }
        let rows = shape[0], columns = shape[1]
        guard rows <= 1 << 24 else { throw StorageError(code: .unsupported, message: "a sparse matrix of \(rows) rows is too large to hold", item: item) }
        guard let data = arrays["data"] else { throw failure("the archive holds no 'data' array") }
        guard let values = data.doubles else {
            throw StorageError(
                code: .unsupported,
                message: "the sparse matrix holds values that are not real numbers exactly representable as doubles", item: item)
        }
        func integers(_ name: String) throws(StorageError) -> [Int] {
            guard let array = arrays[name]?.integers else { throw failure("the archive holds no integer '\(name)' array") }
            return array
        }
        var entries: [(row: Int, column: Int, value: Double)] = []
        switch format {
        case "csr", "csc":
            let indices = try integers("indices"), pointers = try integers("indptr")
            let outer = format == "csr" ? rows : columns
            guard pointers.count == outer + 1, values.count == indices.count, pointers.first == 0,
                zip(pointers, pointers.dropFirst()).allSatisfy({ $0 <= $1 }), let last = pointers.last, last <= values.count
            else { throw failure("inconsistent \(format) index arrays") }
            for line in 0..<outer {
                for index in pointers[line]..<pointers[line + 1] {
                    entries.append(format == "csr" ? (line, indices[index], values[index]) : (indices[index], line, values[index]))
                }
            }
        case "bsr":
            let indices = try integers("indices"), pointers = try integers("indptr")
            guard data.shape.count == 3, data.shape[1] > 0, data.shape[2] > 0 else { throw failure("bsr blocks without a block shape") }
            let (blockRows, blockColumns) = (data.shape[1], data.shape[2])
            guard rows % blockRows == 0, columns % blockColumns == 0, pointers.count == rows / blockRows + 1,
                indices.count == data.shape[0], pointers.first == 0, zip(pointers, pointers.dropFirst()).allSatisfy({ $0 <= $1 }),
                let last = pointers.last, last <= indices.count, indices.allSatisfy({ (0..<(columns / blockColumns)).contains($0) })
            else { throw failure("inconsistent bsr index arrays") }
            for blockRow in 0..<(rows / blockRows) {
                for block in pointers[blockRow]..<pointers[blockRow + 1] {
                    for r in 0..<blockRows {
                        for c in 0..<blockColumns {
                            let value = values[(block * blockRows + r) * blockColumns + c]
                            entries.append((blockRow * blockRows + r, indices[block] * blockColumns + c, value))
                        }
                    }
                }
            }
        case "dia":
            let offsets = try integers("offsets")
            guard data.shape.count == 2, data.shape[0] == offsets.count else { throw failure("inconsistent dia arrays") }
            let width = data.shape[1]
            for (k, offset) in offsets.enumerated() where offset.magnitude <= UInt(max(rows, columns)) {
                for column in 0..<min(width, columns) {
                    let row = column - offset
                    let value = values[k * width + column]
                    if row >= 0, row < rows, value != 0 { entries.append((row, column, value)) }
                }
            }
        case "coo":
            let rowIndices = try integers("row"), columnIndices = try integers("col")
            guard rowIndices.count == values.count, columnIndices.count == values.count else { throw failure("inconsistent coo arrays") }
            entries = (0..<values.count).map { (rowIndices[$0], columnIndices[$0], values[$0]) }
        default:
            throw StorageError(code: .unsupported, message: "sparse matrices in '\(format)' format cannot be read", item: item)
        }
        guard entries.allSatisfy({ (0..<rows).contains($0.row) && (0..<columns).contains($0.column) }) else {
            throw failure("an entry lies outside the \(rows)x\(columns) matrix")
        }
        // Row by row, columns ascending, duplicates summed (in file order, as scipy sums them).
        let order = entries.indices.sorted { (entries[$0].row, entries[$0].column, $0) < (entries[$1].row, entries[$1].column, $1) }
        var stored: [Double] = [], columnIndices: [Int] = [], rowsOfStored: [Int] = []
        for index in order {
            let entry = entries[index]
            if rowsOfStored.last == entry.row, columnIndices.last == entry.column {
                stored[stored.count - 1] += entry.value
            } else {
                stored.append(entry.value)
                columnIndices.append(entry.column)
                rowsOfStored.append(entry.row)
            }
        }
        var pointers = [Int](repeating: 0, count: rows + 1)
        for row in rowsOfStored { pointers[row + 1] += 1 }
        for row in 0..<rows { pointers[row + 1] += pointers[row] }
        do {
            return try SparseMatrix(rows: rows, columns: columns, values: stored, columnIndices: columnIndices, rowPointers: pointers)
        } catch {
            throw failure(error.message)
        }
    }

    private static func bytes(fromHex hex: String) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0 else { return nil }
        func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
            default: nil
            }
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let high = nibble(digits[index]), let low = nibble(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }
}
