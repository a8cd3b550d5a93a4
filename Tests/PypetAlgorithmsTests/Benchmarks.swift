import Foundation

/// Test functions (minimized).
enum Benchmarks {
    static func sphere(_ x: [Double]) -> Double { x.reduce(0) { $0 + $1 * $1 } }

    static func rastrigin(_ x: [Double]) -> Double {
        10 * Double(x.count) + x.reduce(0) { $0 + $1 * $1 - 10 * cos(2 * .pi * $1) }
    }

    static func rosenbrock(_ x: [Double]) -> Double {
        var total = 0.0
        for index in 0..<(x.count - 1) {
            let a = x[index], b = x[index + 1]
            let first = b - a * a
            total += 100 * first * first + (1 - a) * (1 - a)
        }
        return total
    }

    /// ZDT1 (30 variables in [0, 1]): two minimized objectives.
    static func zdt1(_ x: [Double]) -> [Double] {
        let g = 1 + 9 * x.dropFirst().reduce(0, +) / Double(x.count - 1)
        return [x[0], g * (1 - (x[0] / g).squareRoot())]
    }

    /// Hypervolume of a two-objective minimization front for a reference point.
    static func hypervolume2D(_ points: [[Double]], reference: [Double]) -> Double {
        let inside = points.filter { $0[0] < reference[0] && $0[1] < reference[1] }.sorted { $0[0] < $1[0] }
        var volume = 0.0
        var lastY = reference[1]
        for point in inside where point[1] < lastY {
            volume += (reference[0] - point[0]) * (lastY - point[1])
            lastY = point[1]
        }
        return volume
    }
}
