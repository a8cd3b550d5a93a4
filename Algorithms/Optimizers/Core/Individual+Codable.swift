extension Individual: Codable {
    private enum CodingKeys: String, CodingKey {
        case genome, fitness, weighted, failure, runIndex, strategy, constraints
    }

    /// Decodes the keys `genome`, `fitness`, `weighted`, `failure`, `runIndex`, `strategy`, `constraints` (the last three and
    /// `fitness`, `failure` may be missing).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            genome: try container.decode([Double].self, forKey: .genome),
            strategy: try container.decodeIfPresent([Double].self, forKey: .strategy) ?? [])
        fitness = try container.decodeIfPresent(Fitness.self, forKey: .fitness)
        weighted = try container.decodeIfPresent([Double].self, forKey: .weighted) ?? []
        failure = try container.decodeIfPresent(String.self, forKey: .failure)
        runIndex = try container.decodeIfPresent(Int.self, forKey: .runIndex)
        constraints = try container.decodeIfPresent([Double].self, forKey: .constraints) ?? []
    }

    /// Encodes the keys in declaration order, leaving out absent optionals.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(genome, forKey: .genome)
        try container.encodeIfPresent(fitness, forKey: .fitness)
        try container.encode(weighted, forKey: .weighted)
        try container.encodeIfPresent(failure, forKey: .failure)
        try container.encodeIfPresent(runIndex, forKey: .runIndex)
        try container.encode(strategy, forKey: .strategy)
        if !constraints.isEmpty { try container.encode(constraints, forKey: .constraints) }
    }
}
