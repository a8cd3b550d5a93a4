public import GSLRandom
public import PypetCore

/// Independent Poisson spike trains: in every time step neuron `i` spikes with probability
/// `rate_i * dt`, drawn from the group's own random stream.
///
/// A group that a ``NetworkManager`` pre-builds (or pre-runs) is shared by every run as a copy; each
/// run's copy draws from a fresh stream derived from the run's own stream (see ``NetworkManager``), so
/// runs get independent noise that is the same for the same run on any executor.
public final class PoissonGroup: SpikeSource {
    public let name: String
    public let size: Int
    var rates: [Double]
    private(set) var random: RandomStream
    let spikes: SpikeBuffer

    /// `size` Poisson neurons firing at `rate` (one frequency or one per neuron); the group draws from
    /// `random`, which it owns from now on (give it a sub-stream of the run's stream).
    public init(name: String, size: Int, rate: Quantity, random: RandomStream) throws(NetworkError) {
        guard size > 0, size <= Int(Int32.max) else {
            throw NetworkError.structure("a Poisson group needs 1 to \(Int32.max) neurons (got \(size))", item: name)
        }
        self.name = name
        self.size = size
        self.random = random
        spikes = SpikeBuffer(size: size)
        rates = []
        try setRates(rate)
    }

    private init(copying other: PoissonGroup) throws(NetworkError) {
        name = other.name
        size = other.size
        rates = other.rates
        do {
            random = try RandomStream(restoring: other.random.state)
        } catch {
            throw NetworkError(code: .random, message: "cannot copy the random stream: \(error)", item: other.name)
        }
        spikes = other.spikes.copy()
    }

    func copy() throws(NetworkError) -> PoissonGroup { try PoissonGroup(copying: self) }

    /// Draws from `stream` from now on (a run's copy of a pre-built group).
    func reseed(_ stream: RandomStream) { random = stream }

    /// Changes the rates (one frequency or one per neuron; non-negative).
    public func setRates(_ rate: Quantity) throws(NetworkError) {
        let values = try InternalUnits.values(rate, .Hz, count: size, "\(name): rate")
        guard values.allSatisfy({ $0 >= 0 }) else { throw NetworkError.model("a rate is negative (\(rate))", item: name) }
        rates = values
    }

    /// The rates.
    public var rate: Quantity { Quantity(rates, .Hz) }

    func update(dt: Double) {
        var count = 0
        let seconds = dt * 1e-3
        spikes.indices.withUnsafeMutableBufferPointer { out in
            rates.withUnsafeBufferPointer { rates in
                for i in 0..<rates.count where random.uniform() < rates[i] * seconds {
                    out[count] = Int32(truncatingIfNeeded: i)
                    count += 1
                }
            }
        }
        spikes.count = count
    }
}
