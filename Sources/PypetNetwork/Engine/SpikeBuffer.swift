/// The indices of the neurons of one group that spiked in the current time step (preallocated, reused
/// every step: no allocation per spike).
final class SpikeBuffer {
    var indices: [Int32]
    var count = 0

    init(size: Int) { indices = [Int32](repeating: 0, count: max(size, 1)) }

    func copy() -> SpikeBuffer {
        let copy = SpikeBuffer(size: indices.count)
        copy.indices = indices
        copy.count = count
        return copy
    }
}
