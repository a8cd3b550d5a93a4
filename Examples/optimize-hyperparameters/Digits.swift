import Foundation
import Pypet

/// The UCI handwritten digits (8 x 8 images, 10 classes) and a seeded, stratified split: within every
/// class, a shuffled 56 % train, 22 % validate (the fitness) and the rest test (reported for the best model
/// only), so the three parts have the same mix of digits and of writers.
struct Digits: Sendable {
    let features: [[Double]]
    let labels: [Int]
    /// Train, validation and test sample indices.
    let train: [Int], validation: [Int], test: [Int]

    /// Reads `Data/digits.csv` (64 pixel counts and the label per line); pixels are scaled to 0...1. The
    /// split is drawn from a GSL stream seeded by `splitSeed`.
    init(path: String, splitSeed: UInt64) throws {
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
        guard features.count >= 100 else {
            throw ValidationFailure(message: "\(path) has \(features.count) digits; the split needs at least 100")
        }
        self.features = features
        self.labels = labels
        let random = try RandomStream(seed: splitSeed, keys: [0x5350_4C49_54])  // "SPLIT"
        var train: [Int] = [], validation: [Int] = [], test: [Int] = []
        for digit in 0...9 {
            var members = labels.indices.filter { labels[$0] == digit }
            random.shuffle(&members)
            let trainCount = Int((Double(members.count) * 0.56).rounded()), validationCount = Int((Double(members.count) * 0.22).rounded())
            train += members[..<trainCount]
            validation += members[trainCount..<(trainCount + validationCount)]
            test += members[(trainCount + validationCount)...]
        }
        self.train = train.sorted()
        self.validation = validation.sorted()
        self.test = test.sorted()
    }

    struct ValidationFailure: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }
}
