internal import CGSL

extension RandomStream {
    /// A uniform double in `[0, 1)` (`gsl_rng_uniform`).
    public func uniform() -> Double {
        gsl_rng_uniform(generator)
    }

    /// A uniform double in `range` (`lower + (upper - lower) * u`, never `upper`). An empty or
    /// non-finite range throws ``RandomStreamError/Code/invalidArgument``.
    public func uniform(in range: Range<Double>) throws(RandomStreamError) -> Double {
        guard range.lowerBound.isFinite, range.upperBound.isFinite, !range.isEmpty,
            (range.upperBound - range.lowerBound).isFinite
        else {
            throw invalid("uniform range \(range) must be finite and non-empty")
        }
        let value = range.lowerBound + (range.upperBound - range.lowerBound) * uniform()
        return min(value, range.upperBound.nextDown)
    }

    /// A uniform integer in `range`, without bias (`gsl_rng_uniform_int`, or rejection sampling on
    /// 64-bit draws for ranges wider than the generator's).
    public func integer(in range: ClosedRange<Int>) -> Int {
        let width = UInt64(bitPattern: Int64(range.upperBound) &- Int64(range.lowerBound)) &+ 1
        let offset = uniformIndex(below: width)
        return range.lowerBound &+ Int(truncatingIfNeeded: offset)
    }

    /// A uniform integer in `range`; an empty range throws ``RandomStreamError/Code/invalidArgument``.
    public func integer(in range: Range<Int>) throws(RandomStreamError) -> Int {
        guard !range.isEmpty else { throw invalid("integer range \(range) is empty") }
        return integer(in: range.lowerBound...(range.upperBound - 1))
    }

    /// A standard normal draw (`gsl_ran_ugaussian`).
    public func gaussian() -> Double {
        gsl_ran_ugaussian(generator)
    }

    /// A Gaussian draw with `mean` and standard deviation `sigma` (`mean + gsl_ran_gaussian(sigma)`).
    /// A negative or non-finite `sigma` or a non-finite mean throws.
    public func gaussian(mean: Double, sigma: Double) throws(RandomStreamError) -> Double {
        guard mean.isFinite, sigma.isFinite, sigma >= 0 else {
            throw invalid("gaussian needs a finite mean and a finite sigma >= 0 (got mean \(mean), sigma \(sigma))")
        }
        return mean + gsl_ran_gaussian(generator, sigma)
    }

    /// An exponential draw with `mean` (`gsl_ran_exponential`). A mean that is not finite and positive throws.
    public func exponential(mean: Double) throws(RandomStreamError) -> Double {
        guard mean.isFinite, mean > 0 else { throw invalid("exponential mean \(mean) must be finite and > 0") }
        return gsl_ran_exponential(generator, mean)
    }

    /// A Bernoulli trial: true with probability `p` (`gsl_ran_bernoulli`). `p` outside `0...1` throws.
    public func bernoulli(_ p: Double) throws(RandomStreamError) -> Bool {
        guard (0...1).contains(p) else { throw invalid("bernoulli probability \(p) is not in 0...1") }
        return gsl_ran_bernoulli(generator, p) == 1
    }

    /// A uniformly chosen element; an empty collection throws.
    public func choice<C: Collection>(from collection: C) throws(RandomStreamError) -> C.Element {
        guard !collection.isEmpty else { throw invalid("cannot choose from an empty collection") }
        let offset = try integer(in: 0..<collection.count)
        return collection[collection.index(collection.startIndex, offsetBy: offset)]
    }

    /// Shuffles `array` in place (Fisher–Yates from the last element, as `gsl_ran_shuffle` does).
    public func shuffle<T>(_ array: inout [T]) {
        guard array.count > 1 else { return }
        for index in stride(from: array.count - 1, to: 0, by: -1) {
            let other = Int(uniformIndex(below: UInt64(index + 1)))
            array.swapAt(index, other)
        }
    }

    /// The elements of `collection` in shuffled order.
    public func shuffled<C: Collection>(_ collection: C) -> [C.Element] {
        var array = Array(collection)
        shuffle(&array)
        return array
    }

    /// `count` distinct indices of `0..<population`, in increasing order (selection sampling, as
    /// `gsl_ran_choose`). `count` outside `0...population` throws.
    public func sample(_ count: Int, from population: Int) throws(RandomStreamError) -> [Int] {
        guard population >= 0, (0...population).contains(count) else {
            throw invalid("cannot sample \(count) of \(population) without replacement")
        }
        var chosen: [Int] = []
        chosen.reserveCapacity(count)
        var index = 0
        while chosen.count < count {
            if Double(population - index) * uniform() < Double(count - chosen.count) {
                chosen.append(index)
            }
            index += 1
        }
        return chosen
    }

    /// `count` distinct elements of `collection` without replacement, in their original order.
    public func sample<C: Collection>(_ count: Int, from collection: C) throws(RandomStreamError) -> [C.Element] {
        let elements = Array(collection)
        return try sample(count, from: elements.count).map { elements[$0] }
    }

    func invalid(_ message: String) -> RandomStreamError {
        RandomStreamError(code: .invalidArgument, message: message, algorithm: algorithm.name)
    }
}
