extension Variation: Codable {
    private enum CodingKeys: String, CodingKey { case problem }

    /// Rebuilds the derived bounds and flags from the problem.
    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(problem: try container.decode(Problem.self, forKey: .problem))
    }

    /// Encodes only the problem: the bounds and flags follow from it (an optimizer's state is encoded
    /// with every generation).
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(problem, forKey: .problem)
    }
}
