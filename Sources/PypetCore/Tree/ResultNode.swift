/// A result: named items of any ``PypetValue`` kind.
///
/// A result `z` added with one value holds one item named `z`; ``value`` returns it directly.
public final class ResultNode: LeafNode {
    private var order: [String] = []
    private var items: [String: PypetValue] = [:]
    private var loader: (() throws -> [(String, PypetValue)])?
    private var loadError: TrajectoryError?
    /// A shared table that runs append rows to (``Trajectory/setSharedRows(_:_:)``): storage rewrites it
    /// whole when it changed, instead of keeping what the file has.
    package var isShared = false

    /// A result outside any trajectory (attach it with the trajectory's `addResult`, or use it to check
    /// items the way the trajectory would).
    public override init(name: String, comment: String = "") {
        super.init(name: name, comment: comment)
    }

    /// The item names in the order they were added (loading them first if loading was deferred; if that
    /// fails the list is empty and item access throws ``TrajectoryError/Code/loadFailed``).
    public var itemNames: [String] {
        try? ensureLoaded()
        return order
    }

    /// Whether the items are in memory (false while loading is deferred, see ``deferLoading(_:)``).
    public var isLoaded: Bool { loader == nil }

    /// Defers loading the items until they are first accessed: `loader` returns them (by name, in order)
    /// from wherever they are stored. Used by the storage layer for lazy loading.
    public func deferLoading(_ loader: @escaping () throws -> [(String, PypetValue)]) {
        self.loader = loader
        loadError = nil
    }

    /// Loads deferred items now.
    public func ensureLoaded() throws(TrajectoryError) {
        if let loadError { throw loadError }
        guard let loader else { return }
        do {
            let loaded = try loader()
            self.loader = nil
            for (name, value) in loaded where items.updateValue(value, forKey: name) == nil { order.append(name) }
        } catch {
            let failure = (error as? TrajectoryError)
                ?? TrajectoryError(code: .loadFailed, message: "loading the items failed: \(error)", name: fullName)
            loadError = failure
            throw failure
        }
    }

    /// Sets (or replaces) an item. A dotted name sets a nested item: `set("stats.mean", 0.5)` puts the key
    /// `mean` into the item `stats`, a dictionary of scalars (one level, stored as pypet stores a dict), so
    /// that `results.x.stats.mean` reads it back (``item(_:)``, ``Trajectory/item(_:)``).
    public func set(_ item: String, _ value: PypetValue) throws(TrajectoryError) {
        try ensureLoaded()
        let path = item.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        if path.count == 2 {
            let (head, key) = (path[0], path[1])
            try NodeName.validate(head)
            try NodeName.validate(key)
            guard value.isScalar else {
                throw TrajectoryError(
                    code: .invalidValue, message: "a nested item holds a single number, string or boolean, not \(value.typeDescription)",
                    name: fullName + "." + item)
            }
            var entries: [String: PypetValue] = [:]
            switch items[head] {
            case .dictionary(let existing)?: entries = existing
            case nil: break
            case let other?:
                throw TrajectoryError(
                    code: .alreadyExists, message: "item '\(head)' already holds \(other.typeDescription), not nested items", name: fullName + "." + head)
            }
            entries[key] = value
            if items.updateValue(.dictionary(entries), forKey: head) == nil { order.append(head) }
            return
        }
        guard path.count == 1 else {
            throw TrajectoryError(
                code: .invalidName, message: "items nest one level deep ('stats.mean'), not '\(item)'", name: fullName + "." + item)
        }
        try NodeName.validate(item)
        try value.validatedForResult(name: fullName + "." + item)
        if items.updateValue(value, forKey: item) == nil { order.append(item) }
    }

    /// Sets (or replaces) an item from a Swift value.
    public func set<T: PypetValueConvertible>(_ item: String, _ value: T) throws(TrajectoryError) {
        try set(item, value.pypetValue)
    }

    /// One item; a missing item throws ``TrajectoryError/Code/notFound``. A dotted name reads a nested item
    /// (`item("stats.mean")`: the key `mean` of the dictionary item `stats`).
    public func item(_ name: String) throws(TrajectoryError) -> PypetValue {
        try ensureLoaded()
        if let value = items[name] { return value }
        if let dot = name.firstIndex(of: "."), case .dictionary(let entries)? = items[String(name[..<dot])],
            let value = entries[String(name[name.index(after: dot)...])] {
            return value
        }
        throw .notFound(fullName + "." + name, "result '\(fullName)' has no item '\(name)'")
    }

    /// One item with its type checked.
    public func item<T: PypetValueConvertible>(_ name: String, as type: T.Type = T.self) throws(TrajectoryError) -> T {
        do {
            return try T(pypetValue: try item(name))
        } catch {
            throw TrajectoryError(code: error.code, message: error.message, name: fullName + "." + name)
        }
    }

    /// The result's value: its item named like the result, or its only item. Otherwise throws
    /// ``TrajectoryError/Code/wrongKind`` (ask for an item by name).
    public var value: PypetValue {
        get throws(TrajectoryError) {
            try ensureLoaded()
            if let own = items[name] { return own }
            if order.count == 1, let only = items[order[0]] { return only }
            throw TrajectoryError(code: .wrongKind, message: "result has \(order.count) items; ask for one by name", name: fullName)
        }
    }

    /// The result's value with its type checked.
    public override func value<T: PypetValueConvertible>(as type: T.Type = T.self) throws(TrajectoryError) -> T {
        do {
            return try T(pypetValue: try value)
        } catch {
            throw TrajectoryError(code: error.code, message: error.message, name: fullName)
        }
    }

    /// Removes an item.
    public func removeItem(_ name: String) throws(TrajectoryError) {
        try ensureLoaded()
        guard items.removeValue(forKey: name) != nil else { throw .notFound(name, "result '\(fullName)' has no item '\(name)'") }
        order.removeAll { $0 == name }
    }

    /// Results are leaves, but natural naming reaches their items through ``item(_:)``.
    override func child(named member: String) throws(TrajectoryError) -> Node {
        throw TrajectoryError(
            code: .wrongKind, message: "'\(fullName)' is a result; read its items with item(\"\(member)\")", name: fullName)
    }
}
