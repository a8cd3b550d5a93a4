public import GSLRandom
public import Pypet
public import PypetCore

/// What components build into: the list of elements the run's network is made of, a dictionary of
/// items shared between components (the groups a connection component needs), the parameters, and
/// named random streams.
///
/// A pre-build and every run have their own build; a run's build starts with copies of the pre-built
/// elements and items.
public final class NetworkBuild {
    /// The parameter values.
    public let parameters: NetworkParameters
    /// The run, or nil for a pre-build and a pre-run.
    public let run: RunContext?
    /// The trajectory, during a pre-build or pre-run (nil in runs).
    public let trajectory: Trajectory?
    /// The elements the network is made of, in the order they were added.
    public internal(set) var elements: [any NetworkElement] = []
    var items: [String: Any] = [:]
    var reports: [String: Double] = [:]
    let seed: UInt64
    let keys: [UInt64]

    init(parameters: NetworkParameters, run: RunContext?, trajectory: Trajectory?, seed: UInt64, keys: [UInt64]) {
        self.parameters = parameters
        self.run = run
        self.trajectory = trajectory
        self.seed = seed
        self.keys = keys
    }

    /// Whether this is the build of a run (not a pre-build).
    public var isRun: Bool { run != nil }

    /// Adds an element to the network's list, and as the shared item `key` when one is given.
    public func add(_ element: any NetworkElement, as key: String? = nil) {
        elements.append(element)
        if let key { items[key] = element }
    }

    /// Shares a value between components under `key` (replacing any value of that key).
    public func setItem(_ value: Any, for key: String) { items[key] = value }

    /// Whether a shared item of that key exists.
    public func hasItem(_ key: String) -> Bool { items[key] != nil }

    /// The shared item `key`; a missing item or one of another type throws ``NetworkError/Code/missingItem``.
    public func item<T>(_ key: String, as type: T.Type = T.self) throws(NetworkError) -> T {
        guard let value = items[key] else {
            throw NetworkError(code: .missingItem, message: "no component added the item; list the component that adds it before the one that needs it", item: key)
        }
        guard let typed = value as? T else {
            throw NetworkError(code: .missingItem, message: "the item is a \(Swift.type(of: value)), not a \(T.self)", item: key)
        }
        return typed
    }

    /// The random stream named `key`, derived from the run's stream (or the pre-build's seed): the same
    /// numbers for the same run, whatever the core count, and independent of other keys.
    public func random(_ key: String) throws(NetworkError) -> RandomStream {
        do {
            return try RandomStream(seed: seed, keys: keys + [StableHash.of(key)])
        } catch {
            throw NetworkError(code: .random, message: "cannot derive the random stream: \(error)", item: key)
        }
    }

    /// Adds a derived parameter to the run (or to the trajectory during a pre-build).
    public func addDerivedParameter(_ name: String, _ value: PypetValue, comment: String = "") throws(NetworkError) {
        do {
            if let run {
                try run.addDerivedParameter(name, value, comment: comment)
            } else if let trajectory {
                _ = try trajectory.addDerivedParameter(name, value, comment: comment)
            }
        } catch {
            throw NetworkError(code: .trajectory, message: "cannot add the derived parameter: \(error)", item: name)
        }
    }

    /// Adds a result to the run (or to the trajectory during a pre-run).
    public func addResult(_ name: String, _ value: PypetValue, comment: String = "") throws(NetworkError) {
        do {
            if let run {
                try run.addResult(name, value, comment: comment)
            } else if let trajectory {
                _ = try trajectory.addResult(name, value, comment: comment)
            }
        } catch {
            throw NetworkError(code: .trajectory, message: "cannot add the result: \(error)", item: name)
        }
    }

    /// Adds a result of several items to the run (or to the trajectory during a pre-run).
    public func addResult(_ name: String, items: KeyValuePairs<String, PypetValue>, comment: String = "") throws(NetworkError) {
        do {
            if let run {
                try run.addResult(name, items: items, comment: comment)
            } else if let trajectory {
                _ = try trajectory.addResult(name, items: items, comment: comment)
            }
        } catch {
            throw NetworkError(code: .trajectory, message: "cannot add the result: \(error)", item: name)
        }
    }

    /// Reports a number in the run's ``NetworkRunReport`` (what the environment's run returns).
    public func report(_ key: String, _ value: Double) { reports[key] = value }
}
