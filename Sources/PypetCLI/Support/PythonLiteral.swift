/// Numbers written the way Python's `repr` writes them, so that `float()` and `complex()` read the
/// `pypet` command's output (CSV cells, `show`) back: `(1-1j)`, `1j`, `(1.5+2j)`, `(nan+nanj)`.
enum PythonLiteral {
    /// A complex number as Python's `repr(complex)`: the imaginary part alone (`2j`, `-0.5j`) when the
    /// real part is +0, otherwise both in parentheses with the sign between (`(1-1j)`, `(-0+1j)`).
    static func complex(real: Double, imaginary: Double) -> String {
        let imaginaryText = part(imaginary)
        if real == 0, real.sign == .plus { return imaginaryText + "j" }
        let sign = imaginaryText.hasPrefix("-") ? "" : "+"
        return "(" + part(real) + sign + imaginaryText + "j)"
    }

    /// One part of a complex number: the shortest round-trip text, without Swift's `.0` on whole numbers
    /// (Python writes `1j`, not `1.0j`), `nan` without a sign, `inf` and `-inf`.
    static func part(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        let text = String(value)
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }
}
