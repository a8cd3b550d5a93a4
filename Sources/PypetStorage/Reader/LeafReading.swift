import Foundation
import HDF5
import PypetCore

/// Reads the items of one result leaf and the values of the special parameter classes pypet 0.6.1
/// writes: `ArrayParameter` (`data__rr__` and the explored arrays it refers to), `SparseParameter` and
/// `SparseResult` (`__spsp__` items: hex-encoded `.npz` archives), `PickleParameter` and `PickleResult`
/// (pickles, kept as `PickledValue` descriptions) and pandas items of results.
enum LeafReading {
    /// The items of a result group, in file order, and one error per item that could not be read (the
    /// others still load).
    static func resultItems(
        _ group: HDF5Group, className: String, fullName: String
    ) throws -> (items: [(String, PypetValue)], failures: [StorageError]) {
        var items: [(String, PypetValue)] = []
        var failures: [StorageError] = []
        let links = try group.links()
        let pickleProtocol = className == "PickleResult" ? self.pickleProtocol(group) : nil
        for (name, kind) in links {
            var itemName = name
            do {
                switch kind {
                case .group:
                    let child = try group.openGroup(name)
                    let store = (try? child.stringAttribute(Layout.store)) ?? ""
                    guard store == "FRAME" || store == "SERIES" else {
                        throw StorageError(
                            code: .unsupported,
                            message: store == "NESTED_GROUP"
                                ? "items nested in groups (names with dots) cannot be read yet"
                                : "a group stored as '\(store.isEmpty ? "unknown" : store)' cannot be read as an item",
                            item: fullName + "." + name)
                    }
                    items.append((name, try PandasDecoding.value(child, store: store, item: fullName + "." + name)))
                case .dataset:
                    let dataset = try group.openDataset(name)
                    if className == "PickleResult" {
                        if name == pickleProtocolName { continue }
                        items.append((name, .pickled(try pickled(dataset, protocol: pickleProtocol))))
                    } else if name.hasSuffix(sparseSuffix), name.count > sparseSuffix.count {
                        itemName = String(name.dropLast(sparseSuffix.count))
                        items.append((itemName, .sparse(try SparseDecoding.matrix(hex: try text(dataset), item: fullName + "." + itemName))))
                    } else {
                        items.append((name, try ValueDecoding.item(dataset, group: group, name: name, item: fullName + "." + name)))
                    }
                default:
                    continue
                }
            } catch {
                failures.append(failure(error, item: fullName + "." + itemName))
            }
        }
        return (items, failures)
    }

    static let pickleProtocolName = "__pckl_prtcl__"
    static let sparseSuffix = "__spsp__"
    static let arraySuffix = "__rr__"

    /// The protocol a pickle leaf records, if it records one.
    static func pickleProtocol(_ group: HDF5Group) -> Int? {
        guard (try? group.contains(pickleProtocolName)) == true, let dataset = try? group.openDataset(pickleProtocolName),
            let value = try? dataset.read(as: Int64.self).first
        else { return nil }
        return Int(value)
    }

    /// A pickle stored as a byte string, described by its size.
    static func pickled(_ dataset: HDF5Dataset, protocol: Int?) throws -> PickledValue {
        guard case .string(let length, _) = try dataset.datatype else {
            throw StorageError(code: .invalidFile, message: "a pickle that is not stored as bytes", item: nil)
        }
        let size = try length ?? dataset.readStrings().first?.utf8.count ?? 0
        return PickledValue(byteCount: size, pickleProtocol: `protocol`)
    }

    /// The single string of a scalar string dataset.
    static func text(_ dataset: HDF5Dataset) throws -> String {
        guard let text = try dataset.readStrings().first else {
            throw StorageError(code: .invalidFile, message: "an empty text item", item: nil)
        }
        return text
    }

    /// The `idx` column of an exploration table: which stored value each run uses.
    static func explorationIndices(_ table: HDF5Table, item: String) throws -> [Int] {
        try table.column("idx").map { cell throws(StorageError) in
            guard let index = cell.intValue, index >= 0, index < 1 << 40 else {
                throw StorageError(code: .invalidFile, message: "the exploration table holds an invalid index", item: item)
            }
            return Int(index)
        }
    }

    /// `values[i]` for each index, reading each distinct index once with `read`.
    static func range(_ indices: [Int], item: String, read: (Int) throws -> PypetValue) throws -> [PypetValue] {
        var cache: [Int: PypetValue] = [:]
        return try indices.map { index in
            if let value = cache[index] { return value }
            let value = try read(index)
            cache[index] = value
            return value
        }
    }

    /// Any error reading an item as a ``StorageError`` naming the item, with its cause in plain words.
    static func failure(_ error: any Error, item: String) -> StorageError {
        switch error {
        case var error as StorageError:
            if error.item == nil { error.item = item }
            return error
        case let error as HDF5Error:
            return StorageError.hdf5(error, item: item)
        case let error as TrajectoryError:
            return StorageError(code: .unsupported, message: error.message, item: item)
        default:
            return StorageError(code: .invalidFile, message: "the item cannot be read: \(error.localizedDescription)", item: item)
        }
    }
}
