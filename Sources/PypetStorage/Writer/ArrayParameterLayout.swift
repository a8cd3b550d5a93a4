import HDF5
import PypetCore

/// Writes array and list parameters whose values a one-column table cannot hold (explored arrays of
/// different shapes, lists of different lengths, empty ones) the way pypet 0.6.1's `ArrayParameter`
/// does: the default as `data__rr__`, each distinct explored value once as
/// `explored__rr__/set_NNNNN/xa_NNNNNNNN`, the runs' choice in the table `explored_data__rr__`.
enum ArrayParameterLayout {
    static let className = "ArrayParameter"
    static let dataName = "data" + LeafReading.arraySuffix
    static let indexTableName = "explored_data" + LeafReading.arraySuffix
    static let explored = "explored" + LeafReading.arraySuffix

    /// Whether `values` (a default and its range) need this layout: arrays or lists that a table column
    /// of one fixed shape cannot hold.
    static func isNeeded(for values: [PypetValue]) -> Bool {
        switch values.first {
        case .array(let first)?:
            return values.contains { value in
                guard case .array(let array) = value else { return true }
                return array.shape != first.shape || array.shape.isEmpty || array.count == 0
            }
        case .list(let first)?:
            return values.contains { value in
                guard case .list(let list) = value else { return true }
                return list.count != first.count || list.isEmpty
            }
        default:
            return false
        }
    }

    static func write(_ parameter: Parameter, into group: HDF5Group, options: StorageOptions) throws {
        try ResultItemWriter(group: group, options: options).write(parameter.defaultValue, named: dataName, item: parameter.fullName)
        if parameter.isExplored { try appendExplored(parameter, to: group, options: options) }
    }

    /// Adds the explored values the file does not hold yet (rows and stored arrays are never rewritten).
    static func appendExplored(_ parameter: Parameter, to group: HDF5Group, options: StorageOptions) throws {
        guard parameter.isExplored else { return }
        let item = parameter.fullName
        let table = try ExploredIndexTable.open(indexTableName, in: group)
        let stored = try table.rowCount
        guard stored < parameter.range.count else { return }
        // Values already in the file keep their numbers; new distinct ones take the next free numbers.
        var next = 0
        if try group.contains(explored) {
            let sets = try group.openGroup(explored)
            for set in try sets.linkNames() { next += try sets.linkCount(ofGroup: set) }
        }
        var numbers: [PypetValue: Int] = [:]
        var indices: [Int64] = []
        for value in parameter.range[stored...] {
            if let known = numbers[value] {
                indices.append(Int64(known))
                continue
            }
            let set = try nested(try nested(group, explored), "set_" + digits(next / 1000, 5))
            try ResultItemWriter(group: set, options: options).write(value, named: "xa_" + digits(next, 8), item: item)
            numbers[value] = next
            indices.append(Int64(next))
            next += 1
        }
        try table.append(columns: ["idx": .int(indices)])
    }

    /// The group `name` in `parent`, created and marked as pypet's nested group when new.
    private static func nested(_ parent: HDF5Group, _ name: String) throws -> HDF5Group {
        if try parent.contains(name) { return try parent.openGroup(name) }
        let group = try parent.createGroup(name)
        try group.setAttribute(Layout.store, .string("NESTED_GROUP"))
        return group
    }

    private static func digits(_ number: Int, _ width: Int) -> String {
        let text = String(number)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}
