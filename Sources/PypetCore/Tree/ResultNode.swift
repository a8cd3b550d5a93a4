/// A result: named items of any ``PypetValue`` kind.
///
/// A result `z` added with one value holds one item named `z`; ``value`` returns it directly.
public final class ResultNode: LeafNode {
    private var order: [String] = []
    private var items: [String: PypetValue] = [:]
    private var loader: (() throws -> [(String, PypetValue)])?
    private var loadError: TrajectoryError?

    override init(name: String, comment: String) {
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

    /// Sets (or replaces) an item.
    public func set(_ item: String, _ value: PypetValue) throws(TrajectoryError) {
        try ensureLoaded()
        try NodeName.validate(item)
        try value.validatedForResult(name: fullName + "." + item)
        if items.updateValue(value, forKey: item) == nil { order.append(item) }
    }

    /// Sets (or replaces) an item from a Swift value.
    public func set<T: PypetValueConvertible>(_ item: String, _ value: T) throws(TrajectoryError) {
        try set(item, value.pypetValue)
    }

    /// One item; a missing item throws ``TrajectoryError/Code/notFound``.
    public func item(_ name: String) throws(TrajectoryError) -> PypetValue {
        try ensureLoaded()
        guard let value = items[name] else { throw .notFound(fullName + "." + name, "result '\(fullName)' has no item '\(name)'") }
        return value
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
