import Foundation
import PypetCore

/// How the runs' return values live in the results table (`overview/results`, docs/FILE-LAYOUT.md): as
/// typed columns a person reads with pandas, exactly. `run_value_type` names each run's kind (`""` for no
/// value, `int`, `double`, `float`, `bool`, `string`, `double[3]`, `int[2]`, `list_double[2]`, `list_int[2]`, or
/// `json`); the value is in
/// `run_value` (scalars), `run_value_0`... (a 1-D numeric array of at most 16 values, one column per
/// element), or, for anything else (dictionaries, long arrays, big integers), in `run_value_json` as JSON
/// with natural keys. Reading uses the type to give back the very value the run returned.
enum RunValueColumns {
    static let typeColumn = "run_value_type"
    static let jsonColumn = "run_value_json"
    static let valueColumn = "run_value"
    /// Integers beyond this magnitude go to JSON (a float64 column could not hold them exactly).
    static let exactIntegerLimit = 1 << 53

    /// One run's value as table cells: its type name and (column, cell) pairs.
    struct Encoded {
        var type: String
        var cells: [(String, PypetValue)]
    }

    /// The cells of `value`; `json` forces the JSON form.
    static func encode(_ value: PypetValue, json: Bool = false) -> Encoded {
        if !json, let typed = typedCells(value) { return typed }
        return Encoded(type: "json", cells: [(jsonColumn, .string(jsonText(value)))])
    }

    private static func typedCells(_ value: PypetValue) -> Encoded? {
        switch value {
        case .int(let v) where abs(v) <= exactIntegerLimit: return Encoded(type: "int", cells: [(valueColumn, value)])
        case .double: return Encoded(type: "double", cells: [(valueColumn, value)])
        case .float(let v): return Encoded(type: "float", cells: [(valueColumn, .double(Double(v)))])
        case .bool: return Encoded(type: "bool", cells: [(valueColumn, value)])
        case .string(let v) where v.utf8.count <= ResultsTable.maximumStringLength: return Encoded(type: "string", cells: [(valueColumn, value)])
        case .array(let array) where array.shape.count == 1 && array.count >= 1 && array.count <= ResultsTable.maximumArrayLength:
            switch array.elements {
            case .double(let v):
                return Encoded(type: "double[\(v.count)]", cells: v.enumerated().map { ("\(valueColumn)_\($0.offset)", .double($0.element)) })
            case .int(let v) where v.allSatisfy({ abs($0) <= exactIntegerLimit }):
                return Encoded(type: "int[\(v.count)]", cells: v.enumerated().map { ("\(valueColumn)_\($0.offset)", .int($0.element)) })
            default: return nil
            }
        case .list(let values) where !values.isEmpty && values.count <= ResultsTable.maximumArrayLength:
            // A list of numbers (a Swift `[Double]` the job returned): `list_double[K]`, `list_int[K]`.
            let doubles = values.compactMap { if case .double(let v) = $0 { v } else { nil } }
            if doubles.count == values.count {
                return Encoded(type: "list_double[\(values.count)]", cells: doubles.enumerated().map { ("\(valueColumn)_\($0.offset)", .double($0.element)) })
            }
            let integers = values.compactMap { if case .int(let v) = $0, abs(v) <= exactIntegerLimit { v } else { nil } }
            if integers.count == values.count {
                return Encoded(type: "list_int[\(values.count)]", cells: integers.enumerated().map { ("\(valueColumn)_\($0.offset)", .int($0.element)) })
            }
            return nil
        default: return nil
        }
    }

    /// The value of one row, from its type and the row's cells (`cell` reads a column of this row).
    static func decode(type: String, cell: (String) -> PypetValue?) -> PypetValue? {
        func number(_ column: String) -> Double? {
            switch cell(column) {
            case .double(let v)?: v
            case .int(let v)?: Double(v)
            case .bool(let v)?: v ? 1 : 0
            default: nil
            }
        }
        func integer(_ column: String) -> Int? {
            switch cell(column) {
            case .int(let v)?: v
            case .double(let v)?: Int(exactly: v)
            default: nil
            }
        }
        switch type {
        case "": return nil
        case "int": return integer(valueColumn).map { .int($0) }
        case "double": return number(valueColumn).map { .double($0) }
        case "float": return number(valueColumn).map { .float(Float($0)) }
        case "bool":
            if case .bool(let v)? = cell(valueColumn) { return .bool(v) }
            return number(valueColumn).map { .bool($0 != 0) }
        case "string":
            if case .string(let v)? = cell(valueColumn) { return .string(v) }
            return nil
        case "json":
            guard case .string(let text)? = cell(jsonColumn) else { return nil }
            return jsonValue(text)
        default:
            // `double[3]`, `int[2]`
            guard type.hasSuffix("]"), let open = type.firstIndex(of: "["),
                  let count = Int(type[type.index(after: open)..<type.index(before: type.endIndex)]), count >= 1
            else { return nil }
            let columns = (0..<count).map { "\(valueColumn)_\($0)" }
            switch type[..<open] {
            case "double":
                let values = columns.compactMap(number)
                return values.count == count ? .array(NDArray(values)) : nil
            case "int":
                let values = columns.compactMap(integer)
                return values.count == count ? .array(NDArray(values)) : nil
            case "list_double":
                let values = columns.compactMap(number)
                return values.count == count ? .list(values.map { .double($0) }) : nil
            case "list_int":
                let values = columns.compactMap(integer)
                return values.count == count ? .list(values.map { .int($0) }) : nil
            default: return nil
            }
        }
    }

    /// JSON with natural keys; doubles exact (shortest round trip), NaN and infinities as strings.
    static func jsonText(_ value: PypetValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }

    /// The value of ``jsonText(_:)``'s text; nil when it is not one.
    static func jsonValue(_ text: String) -> PypetValue? {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try? decoder.decode(PypetValue.self, from: Data(text.utf8))
    }
}
