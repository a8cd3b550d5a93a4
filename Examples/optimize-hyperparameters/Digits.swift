import Foundation

/// The UCI handwritten digits (8 x 8 images, 10 classes), split in a fixed way: the first 1000 digits
/// train, the next 400 validate (the fitness), the last 397 test (reported for the best model only).
struct Digits: Sendable {
    let features: [[Double]]
    let labels: [Int]

    static let trainRange = 0..<1000
    static let validationRange = 1000..<1400
    static let testRange = 1400..<1797

    /// Reads `Data/digits.csv` (64 pixel counts and the label per line); pixels are scaled to 0...1.
    init(path: String) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var features: [[Double]] = []
        var labels: [Int] = []
        for (number, line) in text.split(separator: "\n").enumerated() {
            let fields = line.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard fields.count == 65, let label = fields.last, (0...9).contains(label) else {
                throw ValidationFailure(message: "line \(number + 1) of \(path) is not 64 pixels and a digit")
            }
            features.append(fields.dropLast().map { Double($0) / 16 })
            labels.append(label)
        }
        guard features.count >= Self.testRange.upperBound else {
            throw ValidationFailure(message: "\(path) has \(features.count) digits, expected 1797")
        }
        self.features = features
        self.labels = labels
    }

    struct ValidationFailure: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }
}
