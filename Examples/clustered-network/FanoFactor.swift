import PypetCore
import PypetNetwork

/// Fano factors of spike counts.
enum FanoFactor {
    /// The mean over neurons `0..<neurons` of each neuron's Fano factor (0 for a silent neuron) of its
    /// spike counts in consecutive windows of `window` from `start` to `end`.
    static func mean(_ spikes: SpikeMonitor, neurons: Int, from start: Quantity, to end: Quantity, window: Quantity) throws -> Double {
        let length = try window.value(in: .ms), begin = try start.value(in: .ms), finish = try end.value(in: .ms)
        let bins = Int(((finish - begin) / length).rounded(.down))
        guard bins > 0, neurons > 0 else { return 0 }
        var counts = [Double](repeating: 0, count: neurons * bins)
        for (time, neuron) in zip(try spikes.times.values(in: .ms), spikes.indices) where neuron < neurons && time >= begin {
            let bin = Int(((time - begin) / length).rounded(.down))
            if bin < bins { counts[neuron * bins + bin] += 1 }
        }
        var total = 0.0
        for neuron in 0..<neurons {
            let row = counts[(neuron * bins)..<((neuron + 1) * bins)]
            let mean = row.reduce(0, +) / Double(bins)
            guard mean > 0 else { continue }
            let variance = row.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(bins)
            total += variance / mean
        }
        return total / Double(neurons)
    }
}
