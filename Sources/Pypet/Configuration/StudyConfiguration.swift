import Foundation
public import PypetCore
import Yams

/// A study described in a YAML file (pypet's configuration file): the environment's options, the
/// trajectory's parameters with comments, and what to explore. Unknown keys and values of the wrong type
/// are ``EnvironmentError/Code/configuration`` errors naming the file, the line and the key.
///
/// ```yaml
/// trajectory: automata          # name of the trajectory
/// comment: elementary cellular automata
/// file: hdf5/automata.hdf5
/// environment:
///   cores: 2                    # or executor: processes, workers: 2, timeout: 60, memory_limit_mb: 512
///   seed: 42
/// parameters:
///   ncells: {value: 400, comment: number of cells}
///   steps: 250
///   seed: 100042
/// explore:                      # ranges of equal length, run i takes the i-th value of each
///   rule: [10, 30, 90, 110, 184]
/// explore_product:              # or a cartesian product
///   {}
/// ```
public struct StudyConfiguration: Sendable {
    /// One parameter the file adds.
    public struct ParameterEntry: Sendable, Hashable {
        /// Its name below `parameters` (dotted for groups).
        public var name: String
        /// Its default value.
        public var value: PypetValue
        /// Its comment.
        public var comment: String
    }

    /// The file it was read from.
    public var path: String
    /// The file's text, stored with the environment's record.
    public var text: String
    /// The trajectory's name, if the file gives one.
    public var trajectory: String?
    /// The trajectory's comment.
    public var comment: String?
    /// The HDF5 file, if the file gives one.
    public var file: String?
    /// The environment's options: the ones given to ``load(_:base:)`` with the file's `environment` keys set.
    public var options: EnvironmentOptions
    /// The parameters, in file order.
    public var parameters: [ParameterEntry]
    /// Ranges explored together (equal lengths).
    public var exploration: [String: [PypetValue]]
    /// Ranges explored as a cartesian product, in file order.
    public var product: [(name: String, values: [PypetValue])]

    /// Reads the YAML file at `path`; the `environment` keys override `base`.
    public static func load(_ path: String, base: EnvironmentOptions = .init()) throws(EnvironmentError) -> StudyConfiguration {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw EnvironmentError(code: .configuration, message: "cannot read the configuration file (missing or unreadable)", file: path)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw EnvironmentError(code: .configuration, message: "the configuration file is not UTF-8 text", file: path)
        }
        return try parse(text, path: path, base: base)
    }

    /// Reads configuration `text` (from `path`, for messages).
    public static func parse(_ text: String, path: String = "configuration", base: EnvironmentOptions = .init()) throws(EnvironmentError) -> StudyConfiguration {
        let reader = ConfigurationReader(path: path)
        var configuration = StudyConfiguration(
            path: path, text: text, trajectory: nil, comment: nil, file: nil, options: base, parameters: [], exploration: [:], product: [])
        let root: Yams.Node
        do {
            guard let composed = try Yams.compose(yaml: text) else { return configuration }
            root = composed
        } catch {
            throw EnvironmentError(code: .configuration, message: "\(path) is not valid YAML: \(error)", file: path)
        }
        for (key, value) in try reader.mapping(root, at: "") {
            switch key {
            case "trajectory": configuration.trajectory = try reader.string(value, at: key)
            case "comment": configuration.comment = try reader.string(value, at: key)
            case "file": configuration.file = try reader.string(value, at: key)
            case "environment": try reader.environment(value, into: &configuration.options)
            case "parameters": try reader.parameters(value, prefix: "", into: &configuration.parameters)
            case "explore":
                for (name, range) in try reader.mapping(value, at: key) { configuration.exploration[name] = try reader.values(range, at: "explore." + name) }
            case "explore_product":
                for (name, range) in try reader.mapping(value, at: key) { configuration.product.append((name, try reader.values(range, at: "explore_product." + name))) }
            default:
                throw reader.unknown(key, value, known: ["trajectory", "comment", "file", "environment", "parameters", "explore", "explore_product"])
            }
        }
        return configuration
    }

    /// Adds the parameters to `trajectory` and explores the ranges.
    public func apply(to trajectory: Trajectory) throws(EnvironmentError) {
        do throws(TrajectoryError) {
            for entry in parameters { try trajectory.addParameter(entry.name, entry.value, comment: entry.comment) }
            var ranges = exploration
            if !product.isEmpty {
                var cartesian = CartesianProduct()
                for (name, values) in product { try cartesian.add(name, values) }
                for (name, values) in cartesian.ranges {
                    guard ranges[name] == nil else {
                        throw TrajectoryError(code: .invalidValue, message: "'\(name)' is in both explore and explore_product", name: name)
                    }
                    ranges[name] = values
                }
            }
            // Whole numbers in the file explore a parameter of real numbers as real numbers (YAML writes 10, not 10.0).
            for (name, values) in ranges {
                guard case .double = try trajectory.parameter(name).defaultValue else { continue }
                ranges[name] = values.map { value in if case .int(let whole) = value { .double(Double(whole)) } else { value } }
            }
            if !ranges.isEmpty { try trajectory.explore(ranges) }
        } catch {
            throw EnvironmentError(code: .configuration, message: "\(path): \(error.message)", file: path, underlying: error)
        }
    }
}

extension Environment {
    /// An environment for the study in the YAML configuration file `path` (see ``StudyConfiguration``): its
    /// options (over `options`), its trajectory (named by the file, or `trajectory`), parameters and
    /// exploration (skipped when ``isResumed``); the file's text and path are stored in the environment's
    /// record (`configuration_file`, `configuration`).
    public convenience init(config path: String, trajectory name: String? = nil, options: EnvironmentOptions = .init()) throws(EnvironmentError) {
        let configuration = try StudyConfiguration.load(path, base: options)
        guard let trajectoryName = name ?? configuration.trajectory else {
            throw EnvironmentError(code: .configuration, message: "name the trajectory: a 'trajectory' key in the file, or the trajectory argument", file: path)
        }
        try self.init(
            trajectory: trajectoryName, comment: configuration.comment ?? "", file: configuration.file, options: configuration.options)
        guard !Self.isWorker else {
            try configuration.apply(to: trajectory)
            return
        }
        do {
            try trajectory.addConfig("environment.\(self.name).configuration_file", .string(path), comment: "The study's configuration file")
            try trajectory.addConfig("environment.\(self.name).configuration", .string(configuration.text), comment: "Its text, as read")
        } catch {
            throw EnvironmentError.wrapping(error, file: file)
        }
        if !isResumed { try configuration.apply(to: trajectory) }
    }
}
