/// One objective of a problem: its name (the result name in the file), whether it is minimized or
/// maximized, and its weight (DEAP's `weights`: comparisons use `value × weight`, with the sign of the
/// direction).
public struct Objective: Sendable, Hashable, Codable {
    /// Minimize or maximize.
    public enum Direction: String, Sendable, Hashable, Codable {
        case minimize, maximize
    }

    /// The name, used for results and statistics (`fitness`, `loss`, `f1`).
    public var name: String
    /// The direction.
    public var direction: Direction
    /// The weight (positive; the direction gives the sign).
    public var weight: Double

    /// Creates an objective.
    public init(_ name: String, _ direction: Direction, weight: Double = 1) {
        self.name = name
        self.direction = direction
        self.weight = abs(weight)
    }

    /// A minimized objective.
    public static func minimize(_ name: String = "fitness", weight: Double = 1) -> Objective { Objective(name, .minimize, weight: weight) }
    /// A maximized objective.
    public static func maximize(_ name: String = "fitness", weight: Double = 1) -> Objective { Objective(name, .maximize, weight: weight) }

    /// `+weight` for maximized, `-weight` for minimized objectives: larger weighted values are better.
    public var signedWeight: Double { direction == .maximize ? weight : -weight }

    /// The worst possible value (given to individuals whose evaluation failed).
    public var worstValue: Double { direction == .maximize ? -.infinity : .infinity }
}
