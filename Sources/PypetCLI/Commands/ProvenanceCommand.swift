import ArgumentParser
import Foundation
import Pypet

struct ProvenanceCommand: FileCommand {
    static let configuration = CommandConfiguration(
        commandName: "provenance",
        abstract: "Who made the file, how and from what: every environment's record (versions, host, user, command line, git state, seed, executor, inputs, run calls).")

    @OptionGroup var source: FileOptions
    var file: String { source.file }
    var trajectory: String? { source.trajectory }

    @Flag(help: "Print JSON.")
    var json = false

    func run() throws {
        let loaded = try TrajectoryFile(path: file, trajectory: trajectory).load(
            LoadOptions(parameters: .nothing, derivedParameters: .nothing, config: .data, results: .nothing, withRunInformation: false))
        guard let environments = loaded.config.directChild("environment") as? GroupNode, !environments.children.isEmpty else {
            print("\(file): trajectory \(loaded.name) records no environment (it was not written by a swift-pypet Environment)")
            return
        }
        let records = environments.children.compactMap { $0 as? GroupNode }.sorted { Self.timestamp($0) < Self.timestamp($1) }
        if json {
            var objects: [[String: Any]] = []
            for record in records {
                var object: [String: Any] = ["name": record.name]
                for case let parameter as Parameter in record.leaves() {
                    let key = parameter.fullName.dropFirst(record.fullName.count + 1)
                    object[String(key)] = Format.json(parameter.defaultValue)
                }
                objects.append(object)
            }
            print(try Format.jsonText(["file": file, "trajectory": loaded.name, "environments": objects] as [String: Any]))
            return
        }
        print("trajectory \(loaded.name) in \(file): \(records.count) environment record\(records.count == 1 ? "" : "s")")
        for record in records {
            print("")
            print(record.name)
            for case let parameter as Parameter in record.leaves() {
                let key = parameter.fullName.dropFirst(record.fullName.count + 1)
                var text = Format.plain(parameter.defaultValue)
                if key == "configuration" || key == "arguments" {
                    text = text.split(separator: "\n").joined(separator: " | ")
                }
                if text.count > 160 { text = String(text.prefix(157)) + "..." }
                print("  \(key): \(text)")
            }
        }
    }

    private static func timestamp(_ record: GroupNode) -> Double {
        if case .double(let value)? = (record.directChild("timestamp") as? Parameter)?.defaultValue { return value }
        return 0
    }
}
