import Foundation
import Pypet

/// The FILE argument and options every command shares, and the loading they need.
struct TrajectoryFile {
    let path: String
    let trajectory: String?

    /// Fails with a clear message unless `path` is an HDF5 file.
    func check() throws(CLIError) {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            if FileManager.default.fileExists(atPath: path + ".journal") || FileManager.default.fileExists(atPath: path + ".parts") {
                throw CLIError("only parts and a journal exist; run `pypet compact` to merge them", file: path)
            }
            throw CLIError("no such file", file: path)
        }
        try Self.validate(path, isFolder: isFolder.boolValue)
    }

    /// Cheap checks before libhdf5 opens `path` (an existing path): a readable regular file that carries
    /// the HDF5 signature at one of the offsets the format allows (0, 512, 1024, 2048, ...).
    static func validate(_ path: String, isFolder: Bool) throws(CLIError) {
        guard !isFolder else { throw CLIError("this is a folder, not an HDF5 file", file: path) }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CLIError("cannot read the file: " + String(cString: strerror(errno)), file: path)
        }
        defer { try? handle.close() }
        let signature: [UInt8] = [0x89, 0x48, 0x44, 0x46, 0x0D, 0x0A, 0x1A, 0x0A]
        var offset: UInt64 = 0
        while true {
            do {
                try handle.seek(toOffset: offset)
                guard let bytes = try handle.read(upToCount: signature.count), bytes.count == signature.count else { break }
                if Array(bytes) == signature { return }
            } catch {
                throw CLIError("cannot read the file", because: error, file: path)
            }
            offset = offset == 0 ? 512 : offset * 2
        }
        let empty = (try? handle.seekToEnd()) == 0
        throw CLIError(empty ? "the file is empty, not an HDF5 file" : "not an HDF5 file (no HDF5 signature)", file: path)
    }

    /// Loads the trajectory with `options` (the last one in the file unless a name was given).
    func load(_ options: LoadOptions) throws(CLIError) -> Trajectory {
        try check()
        do {
            return try TrajectoryStorage(path: path).load(name: trajectory, options: options).trajectory
        } catch {
            throw CLIError("cannot load the trajectory", because: error, file: path)
        }
    }
}

enum Format {
    /// A short description of a value: its type and shape, and the value itself when small.
    static func describe(_ value: PypetValue, limit: Int = 60) -> String {
        let type = value.typeDescription
        let text: String
        switch value {
        case .array(let array): return "\(type) shape \(array.shape)"
        case .list(let values): return "\(type) of \(values.count)"
        case .dictionary(let entries): return "\(type) with \(entries.count) keys"
        case .table(let table): return "\(type) \(table.rowCount) rows x \(table.columnNames.count) columns"
        case .sparse(let sparse): return "\(type) \(sparse.rows) x \(sparse.columns)"
        case .quantity(let quantity) where !quantity.isScalar: return "\(type) shape \(quantity.shape) in \(quantity.unit.symbol)"
        default: text = plain(value)
        }
        let shown = limit > 3 && text.count > limit ? String(text.prefix(limit - 3)) + "..." : text
        return "\(type) \(shown)"
    }

    /// A value as plain text (numbers without their enum case name).
    static func plain(_ value: PypetValue) -> String {
        switch value {
        case .bool(let v): String(v)
        case .int(let v): String(v)
        case .double(let v): String(v)
        case .float(let v): String(v)
        case .string(let v): v
        case .complex(let v): PythonLiteral.complex(real: v.real, imaginary: v.imaginary)
        case .array(let array):
            switch array.elements {
            case .double(let v): "[" + v.map { String($0) }.joined(separator: ", ") + "]"
            case .int(let v): "[" + v.map { String($0) }.joined(separator: ", ") + "]"
            case .bool(let v): "[" + v.map { String($0) }.joined(separator: ", ") + "]"
            case .float(let v): "[" + v.map { String($0) }.joined(separator: ", ") + "]"
            case .complex(let v): "[" + v.map { PythonLiteral.complex(real: $0.real, imaginary: $0.imaginary) }.joined(separator: ", ") + "]"
            case .string(let v): "[" + v.joined(separator: ", ") + "]"
            }
        case .list(let values): "[" + values.map(plain).joined(separator: ", ") + "]"
        case .pickled(let pickled): pickled.description
        case .quantity(let quantity): quantity.description
        case .dictionary(let entries): "{" + entries.keys.sorted().map { "\($0): " + (entries[$0].map(plain) ?? "") }.joined(separator: ", ") + "}"
        case .table, .sparse: describe(value)
        default: value.typeDescription + " value"
        }
    }

    /// A JSON-compatible object for a value (numbers, strings, booleans, arrays, objects).
    static func json(_ value: PypetValue) -> Any {
        switch value {
        case .bool(let v): return v
        case .int(let v): return v
        case .double(let v): return v.isFinite ? v : String(v)
        case .float(let v): return Double(v)
        case .string(let v): return v
        case .complex(let v): return PythonLiteral.complex(real: v.real, imaginary: v.imaginary)
        case .list(let values): return values.map(json)
        case .dictionary(let entries): return entries.mapValues(json)
        case .quantity(let quantity):
            let magnitudes: Any = quantity.isScalar ? json(.double(quantity.magnitudes.first ?? .nan)) : quantity.magnitudes.map { json(.double($0)) }
            return ["value": magnitudes, "unit": quantity.unit.symbol]
        case .array(let array):
            switch array.elements {
            case .double(let v): return v.map { $0.isFinite ? $0 as Any : String($0) as Any }
            case .int(let v): return v
            case .bool(let v): return v
            case .string(let v): return v
            case .float(let v): return v.map(Double.init)
            case .complex(let v): return v.map { PythonLiteral.complex(real: $0.real, imaginary: $0.imaginary) }
            }
        default: return plain(value)
        }
    }

    static func jsonText(_ object: Any) throws(CLIError) -> String {
        do {
            let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
            return String(decoding: data, as: UTF8.self)
        } catch {
            throw CLIError("cannot write JSON", because: error, file: nil)
        }
    }

    /// A CSV field, quoted when needed.
    static func csv(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Left-aligned columns.
    /// A table with a header line, a rule and `rows`; `style` may colour a padded cell (row, column, text)
    /// after the widths are computed from the plain text.
    static func table(_ header: [String], _ rows: [[String]], style: ((Int, Int, String) -> String)? = nil) -> String {
        var widths = header.map(\.count)
        for row in rows { for (index, cell) in row.enumerated() where index < widths.count { widths[index] = max(widths[index], cell.count) } }
        // Columns of numbers are right-aligned, so that digits line up.
        let numeric = header.indices.map { column in
            !rows.isEmpty && rows.allSatisfy { row in column >= row.count || row[column].isEmpty || Double(row[column]) != nil }
        }
        func line(_ cells: [String], row: Int?) -> String {
            cells.enumerated().map { index, cell in
                let width = index < widths.count ? widths[index] : cell.count
                let padded: String
                if index < numeric.count, numeric[index] {
                    padded = String(repeating: " ", count: max(0, width - cell.count)) + cell
                } else {
                    padded = index == cells.count - 1 ? cell : cell.padding(toLength: width, withPad: " ", startingAt: 0)
                }
                guard let row, let style else { return padded }
                return style(row, index, padded)
            }.joined(separator: "  ")
        }
        let heading = [line(header, row: nil), line(widths.map { String(repeating: "-", count: $0) }, row: nil)]
        return (heading + rows.enumerated().map { line($1, row: $0) }).joined(separator: "\n")
    }
}
