import Foundation
package import PypetCore
package import PypetStorage

/// What parent and worker processes say to each other, framed on their pipes by ``WorkerChannel``: the
/// journal's binary encoding of values and run records (no JSON on the way).
package enum WorkerMessage {
    /// The worker reached the run call and serves runs (parent <- worker).
    case ready(pid: Int32)
    /// The parameters' default values for the runs that follow (parent -> worker), sent when they change.
    case parameters([String: PypetValue])
    /// One run to execute (parent -> worker).
    case run(index: Int, seed: UInt64, usesRunSets: Bool, explored: [String: PypetValue])
    /// A finished run: its record with results and, when the job returned one, its value (parent <- worker).
    case completed(RunRecord)
    /// The pruning plan for the runs that follow (parent -> worker), sent when it changes; nil: no pruning.
    case pruning(PruningPlan?)

    private enum Kind: UInt8 {
        case ready = 1, parameters = 2, run = 3, completed = 4, pruning = 5
    }

    /// The message's bytes (without the frame).
    package func encoded() -> [UInt8] {
        var writer = BinaryWriter()
        switch self {
        case .ready(let pid):
            writer.write(Kind.ready.rawValue)
            writer.write(pid)
        case .parameters(let values):
            writer.write(Kind.parameters.rawValue)
            Self.write(values, to: &writer)
        case .run(let index, let seed, let usesRunSets, let explored):
            writer.write(Kind.run.rawValue)
            writer.write(Int64(index))
            writer.write(seed)
            writer.write(usesRunSets)
            Self.write(explored, to: &writer)
        case .completed(let record):
            writer.write(Kind.completed.rawValue)
            writer.write(record.encoded())
        case .pruning(let plan):
            writer.write(Kind.pruning.rawValue)
            // The plan is small next to the runs it governs and changes once per batch: JSON is enough.
            writer.write(plan.flatMap { try? JSONEncoder().encode($0) }.map { [UInt8]($0) } ?? [])
        }
        return writer.bytes
    }

    /// Decodes ``encoded()``; nil for anything malformed (a worker that sends garbage).
    package static func decode(_ bytes: [UInt8]) -> WorkerMessage? {
        var reader = BinaryReader(bytes)
        do throws(BinaryReader.Malformed) {
            let message: WorkerMessage
            switch Kind(rawValue: try reader.read(UInt8.self)) {
            case .ready: message = .ready(pid: try reader.read(Int32.self))
            case .parameters: message = .parameters(try readValues(&reader))
            case .run:
                let index = Int(try reader.read(Int64.self))
                let seed = try reader.read(UInt64.self)
                let usesRunSets = try reader.readBool()
                guard index >= 0 else { return nil }
                message = .run(index: index, seed: seed, usesRunSets: usesRunSets, explored: try readValues(&reader))
            case .completed:
                guard let record = RunRecord.decode(try reader.readBytes()) else { return nil }
                message = .completed(record)
            case .pruning:
                let bytes = try reader.readBytes()
                if bytes.isEmpty {
                    message = .pruning(nil)
                } else {
                    guard let plan = try? JSONDecoder().decode(PruningPlan.self, from: Data(bytes)) else { return nil }
                    message = .pruning(plan)
                }
            case nil: return nil
            }
            return reader.isAtEnd ? message : nil
        } catch {
            return nil
        }
    }

    private static func write(_ values: [String: PypetValue], to writer: inout BinaryWriter) {
        writer.write(UInt32(values.count))
        for (name, value) in values {
            writer.write(name)
            writer.write(value)
        }
    }

    private static func readValues(_ reader: inout BinaryReader) throws(BinaryReader.Malformed) -> [String: PypetValue] {
        var values: [String: PypetValue] = [:]
        for _ in 0..<(try reader.readCount()) {
            let name = try reader.readString()
            values[name] = try reader.readValue()
        }
        return values
    }
}
