import Foundation
import GSLRandom
import PypetOptimizers

/// Benchmark functions and drivers for the optimizer tests (no environment).
enum TestFunctions {
    static func sphere(_ x: [Double]) -> Double { x.reduce(0) { $0 + $1 * $1 } }

    static func rastrigin(_ x: [Double]) -> Double {
        10 * Double(x.count) + x.reduce(0) { $0 + $1 * $1 - 10 * cos(2 * Double.pi * $1) }
    }

    /// An orthogonal `n x n` matrix (row-major): the eigenvectors of a random symmetric matrix.
    static func rotation(_ n: Int, seed: UInt64) throws -> [Double] {
        let random = try RandomStream(seed: seed)
        var a = [Double](repeating: 0, count: n * n)
        for i in 0..<n { for j in 0...i { let v = random.gaussian(); a[i * n + j] = v; a[j * n + i] = v } }
        return try SymmetricEigen(a, size: n).vectors
    }

    /// The bent cigar `z₀² + 10⁶ Σ_{i>0} zᵢ²` of `z = R (x − 1)` (BBOB f12 without its asymmetry).
    static func bentCigar(_ x: [Double], rotation r: [Double]) -> Double {
        let n = x.count
        var total = 0.0
        for i in 0..<n {
            var z = 0.0
            for j in 0..<n { z += r[i * n + j] * (x[j] - 1) }
            total += i == 0 ? z * z : 1e6 * z * z
        }
        return total
    }

    /// Runs `optimizer` by ask/tell on `f` until `evaluations` are spent or it finishes; returns the best value.
    @discardableResult
    static func run<O: Optimizer>(_ optimizer: inout O, evaluations: Int, target: Double = -.infinity, _ f: ([Double]) -> Double) throws -> Double {
        var spent = 0, best = Double.infinity
        while spent < evaluations, !optimizer.isFinished, best > target {
            let batch = try optimizer.ask()
            let values = batch.map { f($0.genome) }
            try optimizer.tell(values.map { Fitness($0) })
            spent += batch.count
            best = min(best, values.min() ?? .infinity)
        }
        return best
    }
}
