public import PypetCore
import PypetStorage

/// A result of the trajectory itself, not of a run, such as an optimizer's generation record: a full name
/// below `results`, a comment and named values in order. Post-processing commits it with
/// ``RunCompletions/commit(_:)``, durably like a run (journal, part, merged file), or adds it to an
/// in-memory trajectory with ``add(to:)``.
///
/// ```swift
/// var record = TrajectoryResult("results.generations.gen_00000003", comment: "generation 3")
/// record.set("best", .double(0.25))
/// try await completions.commit([record])
/// ```
public struct TrajectoryResult: Sendable, Equatable {
    /// The full name, such as `results.generations.gen_00000003`.
    public var name: String
    /// The result's comment.
    public var comment: String
    /// The items, in the order they were set.
    public private(set) var items: [(name: String, value: PypetValue)]

    /// A result called `name` (a full name below `results`) with `items`.
    public init(_ name: String, comment: String = "", items: [(name: String, value: PypetValue)] = []) {
        self.name = name
        self.comment = comment
        self.items = []
        for item in items { set(item.name, item.value) }
    }

    /// Sets an item, replacing an item of that name.
    public mutating func set(_ item: String, _ value: PypetValue) {
        if let position = items.firstIndex(where: { $0.name == item }) {
            items[position].value = value
        } else {
            items.append((item, value))
        }
    }

    /// Sets an item from a convertible value.
    public mutating func set<T: PypetValueConvertible>(_ item: String, _ value: T) {
        set(item, value.pypetValue)
    }

    /// The item called `name`, nil when there is none.
    public func item(_ name: String) -> PypetValue? {
        items.first { $0.name == name }?.value
    }

    /// Adds the result to `trajectory`; an existing result of that name gains the items it lacks.
    ///
    /// Throws ``TrajectoryError`` for a name outside `results`, an invalid item name or a name already
    /// used by a group or parameter.
    public func add(to trajectory: Trajectory) throws(TrajectoryError) {
        try leaf().add(to: trajectory)
    }

    /// The journal's form.
    package func leaf() throws(TrajectoryError) -> RunRecord.Leaf {
        guard name.hasPrefix("results."), name.count > "results.".count else {
            throw TrajectoryError(
                code: .invalidName,
                message: "'\(name)' cannot name a trajectory result: give a full name below 'results', such as 'results.summary'",
                name: name)
        }
        return RunRecord.Leaf(fullName: name, kind: .result, comment: comment, items: items.map { RunRecord.Item($0.name, $0.value) })
    }

    public static func == (lhs: TrajectoryResult, rhs: TrajectoryResult) -> Bool {
        lhs.name == rhs.name && lhs.comment == rhs.comment && lhs.items.count == rhs.items.count
            && zip(lhs.items, rhs.items).allSatisfy { $0.name == $1.name && $0.value == $1.value }
    }
}
