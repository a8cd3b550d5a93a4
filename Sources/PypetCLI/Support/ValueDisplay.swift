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
        case .array(let array) where array.shape.count <= 1: return sequence(count: array.count, full: full) { element(array, $0) }
        case .list(let values): return sequence(count: values.count, full: full) { inline(values[$0], full: full) }
        case .dictionary(let entries): return "{" + entries.keys.sorted().map { "\($0): " + (entries[$0].map { inline($0) } ?? "") }.joined(separator: ", ") + "}"
        default: return Format.plain(value)
        }
    }

    /// The lines that show `value`: 2-D arrays one row per line, dictionaries one key per line, tables with
    /// a header; everything else one line.
    static func lines(_ value: PypetValue, full: Bool = false) -> [String] {
        switch value {
        case .array(let array) where array.shape.count == 2:
            let count = array.shape[0], columns = array.shape[1]
            // Only the rows shown are formatted (a long array shows its first and last few).
            let shown = full || count <= 20 ? Array(0..<count) : Array(0..<head) + Array((count - tail)..<count)
            var rows = shown.map { row in sequence(count: columns, full: full) { element(array, row * columns + $0) } }
            if shown.count < count { rows.insert("…", at: head) }
            return rows + ["(\(count) x \(columns))"]
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

    /// `[a, b, c]`, or for a long sequence (unless `full`) its first and last few elements and the count;
    /// only the elements shown are formatted, so that a million values cost what thirteen do.
    private static func sequence(count: Int, full: Bool, _ text: (Int) -> String) -> String {
        guard !full, count > head + tail + 4 else { return "[" + (0..<count).map(text).joined(separator: ", ") + "]" }
        let first = (0..<head).map(text), last = ((count - tail)..<count).map(text)
        return "[" + first.joined(separator: ", ") + ", …, " + last.joined(separator: ", ") + "] (\(count) values; --full shows all)"
    }

    /// The element at flat position `index` of `array`, as text.
    private static func element(_ array: NDArray, _ index: Int) -> String {
        switch array.elements {
        case .double(let v): number(v[index])
        case .float(let v): number(Double(v[index]))
        case .int(let v): String(v[index])
        case .bool(let v): String(v[index])
        case .string(let v): v[index]
        case .complex(let v): PythonLiteral.complex(real: v[index].real, imaginary: v[index].imaginary)
        }
    }
}
