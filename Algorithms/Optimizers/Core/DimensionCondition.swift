public import PypetCore

/// Makes a dimension conditional: it is active only while a categorical parent dimension takes one of
/// `values` (and the parent itself is active). Inactive coordinates are never drawn: they hold the
/// dimension's default value, and model-based optimizers (TPE) leave them out of their models.
public struct DimensionCondition: Sendable, Hashable, Codable {
    /// The conditional dimension's name.
    public var dimension: String
    /// The categorical parent's name (it must come before the dimension in the space).
    public var parent: String
    /// The parent's categories for which the dimension is active.
    public var values: [PypetValue]

    /// `dimension` is active while `parent` is one of `values`.
    public init(_ dimension: String, activeWhen parent: String, isOneOf values: [PypetValue]) {
        self.dimension = dimension
        self.parent = parent
        self.values = values
    }
}
