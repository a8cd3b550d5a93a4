import Foundation
@testable import PypetNetwork
import Testing

@Suite("The engine's exponential")
struct ExponentialTests {
    @Test("Exponential.exp matches libm's exp to a few units in the last place over its range; clamps below -708")
    func accuracy() {
        var worst = 0.0
        var x = -708.0
        while x <= 709 {
            for offset in [0.0, 1e-3, 0.123456789, 0.5, 0.6931471805599453] {
                let value = x + offset
                guard value <= 709 else { continue }
                worst = max(worst, abs(Exponential.exp(value) / exp(value) - 1))
            }
            x += 0.731
        }
        for value in [0.0, -1e-300, 1e-12, -0.3465, 0.3466, -0.005, -0.05, 1, -1, -20, 20] {
            worst = max(worst, abs(Exponential.exp(value) / exp(value) - 1))
        }
        #expect(worst < 2e-15, "worst relative error \(worst)")
        #expect(Exponential.exp(0) == 1)
        #expect(Exponential.exp(-1000) == Exponential.exp(-708))
        #expect(Exponential.exp(-1000) > 0 && Exponential.exp(-1000) < 1e-307)
        #expect(Exponential.exp(.nan).isNaN)
    }
}
