import Foundation
import Pypet

/// The simulation: the logistic map x -> r x (1 - x) with a little noise, and the average log-derivative
/// along the orbit (its Lyapunov exponent: negative for stable cycles, positive for chaos).
enum LogisticMap {
    static func simulate(r: Double, steps: Int, noise: Double, random: RandomStream) -> (lyapunov: Double, mean: Double) {
        var x = 0.3 + 0.1 * random.uniform()
        var sumLog = 0.0, sum = 0.0
        for _ in 0..<steps {
            x = r * x * (1 - x) + noise * (random.uniform() - 0.5)
            x = min(max(x, 1e-12), 1 - 1e-12)
            sumLog += log(abs(r * (1 - 2 * x)) + 1e-300)
            sum += x
        }
        return (sumLog / Double(steps), sum / Double(steps))
    }
}
