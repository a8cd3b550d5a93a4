import PypetCore

/// The engine's working units: milliseconds, millivolts, nanosiemens, picoamperes and picofarads, a
/// consistent set (nS * mV = pA, pA / pF = mV/ms, pF / nS = ms).
enum InternalUnits {
    static let time = PhysicalUnit.ms
    static let voltage = PhysicalUnit.mV
    static let conductance = PhysicalUnit.nS
    static let current = PhysicalUnit.pA
    static let capacitance = PhysicalUnit.pF
    static let rate = PhysicalUnit.Hz

    /// A scalar quantity's magnitude in `unit`, or a model error naming `what` and the expected unit.
    static func scalar(_ quantity: Quantity, _ unit: PhysicalUnit, _ what: String) throws(NetworkError) -> Double {
        do {
            let value = try quantity.value(in: unit)
            guard value.isFinite else { throw NetworkError.model("\(what) is \(quantity); give a finite value") }
            return value
        } catch let error as QuantityError {
            throw NetworkError.model("\(what) must be a single quantity convertible to \(unit.symbol) (got \(quantity)): \(error.message)")
        } catch let error as NetworkError {
            throw error
        } catch {
            throw NetworkError.model("\(what): \(error)")
        }
    }

    /// Magnitudes in `unit` for `count` items: a scalar is repeated, an array must have `count` values.
    static func values(_ quantity: Quantity, _ unit: PhysicalUnit, count: Int, _ what: String) throws(NetworkError) -> [Double] {
        if quantity.isScalar { return [Double](repeating: try scalar(quantity, unit, what), count: count) }
        guard quantity.count == count else {
            throw NetworkError.model("\(what) holds \(quantity.count) values for \(count) neurons; give one value or one per neuron")
        }
        do {
            let values = try quantity.values(in: unit)
            guard values.allSatisfy(\.isFinite) else { throw NetworkError.model("\(what) holds a value that is not finite") }
            return values
        } catch let error as QuantityError {
            throw NetworkError.model("\(what) must be convertible to \(unit.symbol) (got \(quantity.unit.symbol)): \(error.message)")
        } catch let error as NetworkError {
            throw error
        } catch {
            throw NetworkError.model("\(what): \(error)")
        }
    }

    /// The time of step `step` in ms: divided by the steps per ms when that is a whole number, so that
    /// step 2002 at 0.1 ms is exactly 200.2 ms (not 200.20000000000002).
    static func time(step: Int, dt: Double) -> Double {
        let perMillisecond = (1 / dt).rounded()
        if perMillisecond >= 1, abs(perMillisecond * dt - 1) < 1e-12 { return Double(step) / perMillisecond }
        return Double(step) * dt
    }
}
