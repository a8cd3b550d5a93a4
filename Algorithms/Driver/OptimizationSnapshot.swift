import Foundation

/// The driver's progress besides the optimizer (recorded with every generation as `driver_json`).
struct OptimizationProgress: Codable, Sendable, Hashable {
    /// This generation's logbook entry; the logbook is the entries of all generation records, so a
    /// record's size does not grow with the number of generations.
    var entry: GenerationStatistics?
    /// The whole logbook (only in records of earlier versions).
    var logbook: Logbook?
    var hallOfFame: HallOfFame
    var paretoFront: ParetoFront
    var evaluations: Int
    var bestValue: Double?
    var stagnantGenerations: Int
    var nextRun: Int
}

/// JSON that keeps every `Double` exactly (shortest round-trip form) and writes infinities and NaN as
/// strings, so recorded states restore bit for bit.
enum ExactJSON {
    static func encode<T: Encodable>(_ value: T) throws(AlgorithmError) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        do {
            return String(decoding: try encoder.encode(value), as: UTF8.self)
        } catch {
            throw AlgorithmError(code: .invalidConfiguration, message: "cannot encode \(T.self): \(error)", underlying: error)
        }
    }

    static func decode<T: Decodable>(_ type: T.Type, from text: String) throws(AlgorithmError) -> T {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        do {
            return try decoder.decode(T.self, from: Data(text.utf8))
        } catch {
            throw AlgorithmError(code: .resumeMismatch, message: "the recorded state cannot be read as \(T.self): \(error)", underlying: error)
        }
    }
}
