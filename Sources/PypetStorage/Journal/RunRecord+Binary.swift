import PypetCore
extension RunRecord {
    /// The record's compact binary encoding (the journal's payload).
    package func encoded() -> [UInt8] {
        var writer = BinaryWriter()
        writer.write(Int64(index))
        switch status {
        case .completed: writer.write(UInt8(0))
        case .failed(let message): writer.write(UInt8(1)); writer.write(message)
        }
        writer.write(started)
        writer.write(finished)
        writer.write(UInt32(leaves.count))
        for leaf in leaves {
            writer.write(leaf.fullName)
            writer.write(leaf.kind.rawValue)
            writer.write(leaf.comment)
            writer.write(UInt32(leaf.items.count))
            for item in leaf.items {
                writer.write(item.name)
                writer.write(item.value)
            }
        }
        if let value {
            writer.write(UInt8(1))
            writer.write(value)
        } else {
            writer.write(UInt8(0))
        }
        return writer.bytes
    }

    /// The length of ``encoded()``, computed without encoding when every value is a scalar.
    package var encodedSize: Int {
        var size = 8 + 1 + 16 + 4 + 1
        if case .failed(let message) = status { size += 4 + message.utf8.count }
        for leaf in leaves {
            size += 4 + leaf.fullName.utf8.count + 1 + 4 + leaf.comment.utf8.count + 4
            for item in leaf.items {
                guard let valueSize = BinaryWriter.scalarSize(item.value) else { return encoded().count }
                size += 4 + item.name.utf8.count + valueSize
            }
        }
        if let value {
            guard let valueSize = BinaryWriter.scalarSize(value) else { return encoded().count }
            size += valueSize
        }
        return size
    }

    /// Decodes ``encoded()``; nil for anything malformed.
    package static func decode(_ bytes: [UInt8]) -> RunRecord? {
        decode(bytes, range: 0..<bytes.count)
    }

    /// Decodes the encoding in `bytes[range]` (a frame's payload inside a buffer, without copying it).
    package static func decode(_ bytes: [UInt8], range: Range<Int>) -> RunRecord? {
        var reader = BinaryReader(bytes, range: range)
        do throws(BinaryReader.Malformed) {
            let index = Int(try reader.read(Int64.self))
            let status: Status
            switch try reader.read(UInt8.self) {
            case 0: status = .completed
            case 1: status = .failed(try reader.readString())
            default: return nil
            }
            let started = try reader.readDouble(), finished = try reader.readDouble()
            var leaves: [Leaf] = []
            for _ in 0..<(try reader.readCount()) {
                let fullName = try reader.readString()
                guard let kind = Leaf.Kind(rawValue: try reader.read(UInt8.self)) else { return nil }
                let comment = try reader.readString()
                var items: [Item] = []
                for _ in 0..<(try reader.readCount()) {
                    items.append(Item(try reader.readString(), try reader.readValue()))
                }
                leaves.append(Leaf(fullName: fullName, kind: kind, comment: comment, items: items))
            }
            let value: PypetValue? = try reader.read(UInt8.self) == 1 ? try reader.readValue() : nil
            guard reader.isAtEnd, index >= RunRecord.trajectoryIndex else { return nil }
            return RunRecord(index: index, status: status, started: started, finished: finished, leaves: leaves, value: value)
        } catch {
            return nil
        }
    }
}
