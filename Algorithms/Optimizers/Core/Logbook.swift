/// The statistics of every generation so far, in order (DEAP's `Logbook`).
public struct Logbook: Sendable, Hashable, Codable {
    /// One entry per generation.
    public private(set) var entries: [GenerationStatistics] = []

    /// An empty logbook.
    public init() {}

    /// Appends a generation's statistics.
    public mutating func record(_ statistics: GenerationStatistics) { entries.append(statistics) }

    /// The logbook as text: a header and a line per generation.
    public var table: String {
        ([GenerationStatistics.header] + entries.map(\.line)).joined(separator: "\n")
    }

    /// One objective's column (`\.minimum`, `\.mean`, ...) over the generations.
    public func column(_ keyPath: KeyPath<GenerationStatistics, [Double]>, objective: Int = 0) -> [Double] {
        entries.map { $0[keyPath: keyPath][safe: objective] ?? .nan }
    }
}
