/// When an optimization stops (whichever comes first; the optimizer may also finish by itself).
public struct StoppingCriteria: Sendable, Hashable, Codable {
    /// At most this many generations.
    public var generations: Int?
    /// At most this many evaluations (the generation that crosses it is completed).
    public var evaluations: Int?
    /// Stop once the best first-objective value reaches this (at or below for minimized, at or above
    /// for maximized objectives).
    public var target: Double?
    /// Stop after this many generations without improvement of the best first-objective value.
    public var stagnation: Int?
    /// Start no generation after this many wall-clock seconds of the current `run` call (the generation
    /// running when it passes is completed and recorded). Unlike the other criteria it depends on the
    /// machine, so two runs may stop at different generations; a resumed search gets the time again.
    public var seconds: Double?

    /// Criteria; give at least one, or the optimizer must finish by itself.
    public init(generations: Int? = nil, evaluations: Int? = nil, target: Double? = nil, stagnation: Int? = nil, seconds: Double? = nil) {
        self.generations = generations
        self.evaluations = evaluations
        self.target = target
        self.stagnation = stagnation
        self.seconds = seconds
    }
}
