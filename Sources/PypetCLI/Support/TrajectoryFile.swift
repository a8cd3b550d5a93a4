import Foundation
import Pypet

/// The FILE argument and options every command shares, and the loading they need.
struct TrajectoryFile {
    let path: String
    let trajectory: String?

    /// Fails with a clear message unless `path` is an HDF5 file.
    func check() throws(CLIError) {
        guard FileManager.default.fileExists(atPath: path) else {
            if FileManager.default.fileExists(atPath: path + ".journal") || FileManager.default.fileExists(atPath: path + ".parts") {
                throw CLIError("only parts and a journal exist; run `pypet compact` to merge them", file: path)
            }
            throw CLIError("no such file", file: path)
        }
    }

    /// Loads the trajectory with `options` (the last one in the file unless a name was given).
    func load(_ options: LoadOptions) throws(CLIError) -> Trajectory {
        try check()
        do {
            return try TrajectoryStorage(path: path).load(name: trajectory, options: options).trajectory
        } catch {
            throw CLIError("cannot load the trajectory: \(error.message)", file: path, item: error.item)
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
        case .complex(let v): "\(v.real)+\(v.imaginary)j"
        case .array(let array):
            switch array.elements {
            case .double(let v): "[" + v.map { String($0) }.joined(separator: ", ") + "]"
            case .int(let v): "[" + v.map { String($0) }.joined(separator: ", ") + "]"
            case .bool(let v): "[" + v.map { String($0) }.joined(separator: ", ") + "]"
            default: "\(array.elements)"
            }
        case .list(let values): "[" + values.map(plain).joined(separator: ", ") + "]"
        case .pickled(let pickled): pickled.description
        default: "\(value)"
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
        case .complex(let v): return [v.real, v.imaginary]
        case .list(let values): return values.map(json)
        case .dictionary(let entries): return entries.mapValues(json)
        case .array(let array):
            switch array.elements {
            case .double(let v): return v.map { $0.isFinite ? $0 as Any : String($0) as Any }
            case .int(let v): return v
            case .bool(let v): return v
            case .string(let v): return v
            case .float(let v): return v.map(Double.init)
            case .complex(let v): return v.map { [$0.real, $0.imaginary] }
            }
        default: return plain(value)
        }
    }

    static func jsonText(_ object: Any) throws(CLIError) -> String {
        do {
            let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
            return String(decoding: data, as: UTF8.self)
        } catch {
            throw CLIError("cannot write JSON: \(error)")
        }
    }

    /// A CSV field, quoted when needed.
    static func csv(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Left-aligned columns.
    static func table(_ header: [String], _ rows: [[String]]) -> String {
        var widths = header.map(\.count)
        for row in rows { for (index, cell) in row.enumerated() where index < widths.count { widths[index] = max(widths[index], cell.count) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                index == cells.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
        return ([line(header), line(widths.map { String(repeating: "-", count: $0) })] + rows.map(line)).joined(separator: "\n")
    }
}
