/// The exponential function in plain arithmetic and bit operations, so that a loop over neurons that
/// calls it vectorizes (libm's `exp` is an opaque call that keeps such loops scalar).
///
/// `x = k ln 2 + r` with `k` the nearest integer to `x / ln 2` (found by adding `1.5 * 2^52`, which leaves
/// `k` in the low bits of the sum) and `|r| <= ln 2 / 2` (Cody-Waite: `ln 2` in a high part exact under
/// multiplication by `k` and a low part); `e^r` by its Taylor polynomial of degree 13 (truncation below
/// 1e-17, evaluated by Estrin's scheme), and `2^k` built in the exponent field. Relative error a few
/// units in the last place; `x` is clamped to `-708...709`, where `2^k` stays a normal number (so `e^x`
/// below `e^-708` is `e^-708`, about 3e-308; a NaN stays NaN).
enum Exponential {
    @inline(__always)
    static func exp(_ x: Double) -> Double {
        let clamped = x < -708 ? -708 : (x > 709 ? 709 : x)
        let shifter = 6_755_399_441_055_744.0  // 1.5 * 2^52
        let shifted = clamped * 1.4426950408889634 + shifter
        let k = shifted - shifter
        let r = (clamped - k * 6.93147180369123816490e-01) - k * 1.90821492927058770002e-10
        // Estrin's scheme (pairs, then powers r^2, r^4, r^8): a short dependency chain, so that
        // neighbouring neurons' exponentials overlap in the pipeline.
        let r2 = r * r, r4 = r2 * r2, r8 = r4 * r4
        let p01 = 1 + r, p23 = 0.5 + r * 1.6666666666666666e-01
        let p45 = 4.1666666666666664e-02 + r * 8.3333333333333332e-03
        let p67 = 1.3888888888888889e-03 + r * 1.9841269841269841e-04
        let p89 = 2.4801587301587302e-05 + r * 2.7557319223985888e-06
        let p1011 = 2.7557319223985893e-07 + r * 2.5052108385441720e-08
        let p1213 = 2.0876756987868099e-09 + r * 1.6059043836821613e-10
        let low = (p01 + r2 * p23) + r4 * (p45 + r2 * p67)
        let high = (p89 + r2 * p1011) + r4 * p1213
        let p = low + r8 * high
        // The low bits of `shifted` hold k (two's complement); shifted into the exponent field with the bias.
        let scale = Double(bitPattern: (shifted.bitPattern &+ 1023) &<< 52)
        return p * scale
    }
}
