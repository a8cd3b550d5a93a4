/// A short list of doubles that keeps up to two values inline and only allocates for more: the objective
/// values and weighted values of an individual. Single- and bi-objective fitness (nearly every problem) then
/// costs no heap allocation per evaluation and no reference counting when individuals are copied.
///
/// Values beyond the count are kept at zero and `overflow` is nil unless there are more than two values, so
/// the synthesized equality and hashing compare exactly the stored values.
struct InlineValues: Sendable, Hashable {
    /// How many values there are.
    private(set) var count: Int
    private var first: Double
    private var second: Double
    /// Every value, when there are more than two (then `first` and `second` are unused).
    private var overflow: [Double]?

    /// No values.
    init() {
        count = 0
        first = 0
        second = 0
        overflow = nil
    }

    /// One value.
    init(single value: Double) {
        count = 1
        first = value
        second = 0
        overflow = nil
    }

    /// The values of `array`.
    init(_ array: [Double]) {
        count = array.count
        switch array.count {
        case 0: first = 0; second = 0; overflow = nil
        case 1: first = array[0]; second = 0; overflow = nil
        case 2: first = array[0]; second = array[1]; overflow = nil
        default: first = 0; second = 0; overflow = array
        }
    }

    /// The value at `index` (`0..<count`).
    subscript(index: Int) -> Double {
        if let overflow { return overflow[index] }
        return index == 0 ? first : second
    }

    /// The values as an array.
    var array: [Double] {
        switch count {
        case 0: []
        case 1: [first]
        case 2: [first, second]
        default: overflow ?? []
        }
    }

    /// Whether there are no values.
    var isEmpty: Bool { count == 0 }
}
