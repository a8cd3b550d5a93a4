import Foundation
import Pypet

/// How values read from a file are shown to people: numbers with six significant digits, long arrays and
/// strings summarised (unless asked for in full), 2-D arrays as rows, dictionaries and tables as lines.
enum ValueDisplay {
    /// Elements shown of a long array (then an ellipsis and the last few).
    static let head = 10, tail = 3
    /// Characters shown of a long string.
    static let stringLimit = 200

    /// A number as `%.6g` (integers as they are).
    static func number(_ value: Double) -> String {
        value.isFinite ? String(format: "%.6g", value) : String(value)
    }

    /// One line for a scalar, or the value summarised in one line (arrays, lists).
    static func inline(_ value: PypetValue, full: Bool = false) -> String {
        switch value {
        case .double(let v): return number(v)
        case .float(let v): return number(Double(v))
        case .string(let v): return full || v.count <= stringLimit ? v : String(v.prefix(stringLimit)) + "… (\(v.count) characters; --full shows all)"
        case .array(let array) where array.shape.count <= 1: return sequence(elements(array), full: full)
        case .list(let values): return sequence(values.map { inline($0, full: full) }, full: full)
        case .dictionary(let entries): return "{" + entries.keys.sorted().map { "\($0): " + (entries[$0].map { inline($0) } ?? "") }.joined(separator: ", ") + "}"
        default: return Format.plain(value)
        }
    }

    /// The lines that show `value`: 2-D arrays one row per line, dictionaries one key per line, tables with
    /// a header; everything else one line.
    static func lines(_ value: PypetValue, full: Bool = false) -> [String] {
        switch value {
        case .array(let array) where array.shape.count == 2:
            let texts = elements(array), columns = array.shape[1]
            let rows = (0..<array.shape[0]).map { row in sequence(Array(texts[(row * columns)..<((row + 1) * columns)]), full: full) }
            return limitRows(rows, full: full, total: array.shape[0]) + ["(\(array.shape[0]) x \(columns))"]
        case .dictionary(let entries):
            return entries.keys.sorted().map { "  \($0) = " + (entries[$0].map { inline($0, full: full) } ?? "") }
        case .table(let table):
            var rows: [[String]] = []
            for row in 0..<table.rowCount {
                rows.append(table.columnNames.map { name in
                    switch table[column: name] {
                    case .bool(let v)?: String(v[row])
                    case .int(let v)?: String(v[row])
                    case .double(let v)?: number(v[row])
                    case .string(let v)?: v[row]
                    case nil: ""
                    }
                })
            }
            let shown = full ? rows : Array(rows.prefix(20))
            var text = Format.table(table.columnNames, shown).split(separator: "\n").map(String.init)
            if shown.count < rows.count { text.append("… \(rows.count - shown.count) more rows (--full shows all)") }
            return text
        default:
            return [inline(value, full: full)]
        }
    }

    private static func limitRows(_ rows: [String], full: Bool, total: Int) -> [String] {
        guard !full, rows.count > 20 else { return rows }
        return Array(rows.prefix(head)) + ["…"] + Array(rows.suffix(tail))
    }

    private static func sequence(_ texts: [String], full: Bool) -> String {
        guard !full, texts.count > head + tail + 4 else { return "[" + texts.joined(separator: ", ") + "]" }
        return "[" + texts.prefix(head).joined(separator: ", ") + ", …, " + texts.suffix(tail).joined(separator: ", ") + "] (\(texts.count) values; --full shows all)"
    }

    private static func elements(_ array: NDArray) -> [String] {
        switch array.elements {
        case .double(let v): v.map(number)
        case .float(let v): v.map { number(Double($0)) }
        case .int(let v): v.map { String($0) }
        case .bool(let v): v.map { String($0) }
        case .string(let v): v
        case .complex(let v): v.map { PythonLiteral.complex(real: $0.real, imaginary: $0.imaginary) }
        }
    }
}
