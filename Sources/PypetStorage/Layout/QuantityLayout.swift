import HDF5
import PypetCore

/// How unit quantities are stored: the magnitudes as plain `float64` numbers (what pypet and h5py read),
/// the unit's symbol in the attribute `SWIFT_PYPET_UNIT` (`mV`) and its size in SI units in
/// `SWIFT_PYPET_UNIT_SCALE` (`0.001`), on the result's dataset or on the parameter's group.
enum QuantityLayout {
    static let unit = "SWIFT_PYPET_UNIT"
    static let scale = "SWIFT_PYPET_UNIT_SCALE"

    /// Writes the unit attributes.
    static func attach(_ unit: PhysicalUnit, to object: HDF5Object) throws {
        try object.setAttribute(Self.unit, .string(unit.symbol))
        try object.setAttribute(Self.scale, .double(unit.scale))
    }

    /// The unit an object's attributes name, or nil when it has none.
    static func unit(of object: HDF5Object, attributes: Set<String>, item: String) throws -> PhysicalUnit? {
        guard attributes.contains(Self.unit) else { return nil }
        let symbol = try object.stringAttribute(Self.unit)
        let parsed: PhysicalUnit
        do throws(QuantityError) {
            parsed = try PhysicalUnit(symbol: symbol)
        } catch {
            throw StorageError(code: .invalidFile, message: "the stored unit cannot be read: \(error.message)", item: item)
        }
        // The stored scale keeps compound units exact; the symbol gives the dimension.
        guard attributes.contains(Self.scale), let scale = try? object.doubleAttribute(Self.scale), scale.isFinite, scale > 0 else {
            return parsed
        }
        return PhysicalUnit(symbol: parsed.symbol, scale: scale, dimension: parsed.dimension)
    }

    /// A parameter's default and explored quantities as plain numbers in the default's unit.
    static func magnitudes(_ values: [PypetValue], unit: PhysicalUnit, item: String) throws -> [PypetValue] {
        try values.map { value throws -> PypetValue in
            guard case .quantity(let quantity) = value else {
                throw StorageError(code: .mismatch, message: "a \(value.typeDescription) among quantities", item: item)
            }
            do throws(QuantityError) {
                return .double(try quantity.value(in: unit))
            } catch {
                throw StorageError(code: .mismatch, message: error.message, item: item)
            }
        }
    }

    /// A stored number or array of numbers as a quantity in `unit`.
    static func quantity(_ value: PypetValue, unit: PhysicalUnit, item: String) throws -> PypetValue {
        switch value {
        case .double(let v): return .quantity(Quantity(v, unit))
        case .float(let v): return .quantity(Quantity(Double(v), unit))
        case .int(let v): return .quantity(Quantity(Double(v), unit))
        case .array(let array):
            let magnitudes: [Double]
            switch array.elements {
            case .double(let v): magnitudes = v
            case .float(let v): magnitudes = v.map(Double.init)
            case .int(let v): magnitudes = v.map(Double.init)
            default:
                throw StorageError(code: .invalidFile, message: "a unit attribute on an array of \(array.elements.typeName)", item: item)
            }
            do throws(QuantityError) {
                return .quantity(try Quantity(magnitudes: magnitudes, shape: array.shape, unit: unit))
            } catch {
                throw StorageError(code: .invalidFile, message: error.message, item: item)
            }
        case .list(let values):
            return try quantity(.array(NDArray(values.compactMap { if case .double(let v) = $0 { v } else { nil } })), unit: unit, item: item)
        default:
            throw StorageError(code: .invalidFile, message: "a unit attribute on a \(value.typeDescription)", item: item)
        }
    }
}
