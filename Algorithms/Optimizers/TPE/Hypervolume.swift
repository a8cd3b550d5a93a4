/// The hypervolume of a set of loss vectors (every objective minimized) up to a reference point: the
/// measure of the region the points dominate and the reference point bounds. Exact, by slicing along the
/// last objective (fine for the few dozen points of a TPE split; two objectives take one sweep).
public enum Hypervolume {
    /// The hypervolume of `points` (all of one length) up to `reference`; points not below the reference
    /// in every objective add nothing.
    public static func of(_ points: [[Double]], reference: [Double]) -> Double {
        let inside = points.filter { point in zip(point, reference).allSatisfy { $0 < $1 } }
        guard !inside.isEmpty else { return 0 }
        return sliced(inside, reference)
    }

    private static func sliced(_ points: [[Double]], _ reference: [Double]) -> Double {
        let dimensions = reference.count
        if dimensions == 1 { return reference[0] - (points.map { $0[0] }.min() ?? reference[0]) }
        if dimensions == 2 {
            // Sweep in the first objective; each point adds the part of its box not covered by better ones.
            var volume = 0.0, ceiling = reference[1]
            for point in points.sorted(by: { $0[0] < $1[0] || ($0[0] == $1[0] && $0[1] < $1[1]) }) where point[1] < ceiling {
                volume += (reference[0] - point[0]) * (ceiling - point[1])
                ceiling = point[1]
            }
            return volume
        }
        // Slices between consecutive values of the last objective: each slab's area is the hypervolume of
        // the points below it, projected to the other objectives.
        let last = dimensions - 1
        let sorted = points.sorted { $0[last] < $1[last] }
        var volume = 0.0
        var projected: [[Double]] = []
        for (position, point) in sorted.enumerated() {
            projected.append(Array(point[..<last]))
            let top = position + 1 < sorted.count ? sorted[position + 1][last] : reference[last]
            guard top > point[last] else { continue }
            volume += sliced(projected, Array(reference[..<last])) * (top - point[last])
        }
        return volume
    }

    /// Optuna's reference point for `points`: per objective, the larger of 1.1 and 0.9 times the worst value
    /// (so it lies beyond every point), a tiny positive number where that is 0.
    public static func referencePoint(_ points: [[Double]]) -> [Double] {
        guard let first = points.first else { return [] }
        return first.indices.map { objective in
            let worst = points.map { $0[objective] }.max() ?? 0
            let reference = max(1.1 * worst, 0.9 * worst)
            return reference == 0 ? 1e-12 : reference
        }
    }

    /// `count` of `points` chosen greedily for the largest hypervolume (each step adds the point that
    /// contributes most; the first of equals), as indices into `points` in the order chosen.
    public static func greedySubset(_ points: [[Double]], count: Int, reference: [Double]) -> [Int] {
        var chosen: [Int] = []
        var remaining = Array(points.indices)
        var current = 0.0
        while chosen.count < min(count, points.count) {
            var best = remaining[0], bestGain = -Double.infinity
            for candidate in remaining {
                let gain = of((chosen + [candidate]).map { points[$0] }, reference: reference) - current
                if gain > bestGain {
                    bestGain = gain
                    best = candidate
                }
            }
            chosen.append(best)
            remaining.removeAll { $0 == best }
            current += max(0, bestGain)
        }
        return chosen
    }
}
