extension Unit {
    /// The pure number 1 (no unit).
    public static let one = Unit(symbol: "1", scale: 1, dimension: .dimensionless)

    private static let time = Dimension(s: 1)
    private static let frequency = Dimension(s: -1)
    private static let voltage = Dimension(m: 2, kg: 1, s: -3, A: -1)
    private static let current = Dimension(A: 1)
    private static let conductance = Dimension(m: -2, kg: -1, s: 3, A: 2)
    private static let resistance = Dimension(m: 2, kg: 1, s: -3, A: -2)
    private static let capacitance = Dimension(m: -2, kg: -1, s: 4, A: 2)
    private static let length = Dimension(m: 1)

    /// Seconds.
    public static let second = Unit(symbol: "s", scale: 1, dimension: time)
    /// Milliseconds.
    public static let ms = Unit(symbol: "ms", scale: 1e-3, dimension: time)
    /// Microseconds.
    public static let us = Unit(symbol: "us", scale: 1e-6, dimension: time)
    /// Hertz.
    public static let Hz = Unit(symbol: "Hz", scale: 1, dimension: frequency)
    /// Kilohertz.
    public static let kHz = Unit(symbol: "kHz", scale: 1e3, dimension: frequency)
    /// Volts.
    public static let volt = Unit(symbol: "V", scale: 1, dimension: voltage)
    /// Millivolts.
    public static let mV = Unit(symbol: "mV", scale: 1e-3, dimension: voltage)
    /// Amperes.
    public static let ampere = Unit(symbol: "A", scale: 1, dimension: current)
    /// Nanoamperes.
    public static let nA = Unit(symbol: "nA", scale: 1e-9, dimension: current)
    /// Picoamperes.
    public static let pA = Unit(symbol: "pA", scale: 1e-12, dimension: current)
    /// Siemens.
    public static let siemens = Unit(symbol: "S", scale: 1, dimension: conductance)
    /// Microsiemens.
    public static let uS = Unit(symbol: "uS", scale: 1e-6, dimension: conductance)
    /// Nanosiemens.
    public static let nS = Unit(symbol: "nS", scale: 1e-9, dimension: conductance)
    /// Ohms.
    public static let ohm = Unit(symbol: "ohm", scale: 1, dimension: resistance)
    /// Megaohms.
    public static let Mohm = Unit(symbol: "Mohm", scale: 1e6, dimension: resistance)
    /// Farads.
    public static let farad = Unit(symbol: "F", scale: 1, dimension: capacitance)
    /// Nanofarads.
    public static let nF = Unit(symbol: "nF", scale: 1e-9, dimension: capacitance)
    /// Picofarads.
    public static let pF = Unit(symbol: "pF", scale: 1e-12, dimension: capacitance)
    /// Metres.
    public static let metre = Unit(symbol: "m", scale: 1, dimension: length)
    /// Millimetres.
    public static let mm = Unit(symbol: "mm", scale: 1e-3, dimension: length)
    /// Micrometres.
    public static let um = Unit(symbol: "um", scale: 1e-6, dimension: length)
    /// Kilograms.
    public static let kilogram = Unit(symbol: "kg", scale: 1, dimension: Dimension(kg: 1))

    /// Every named unit ``init(symbol:)`` knows, plus the base units kelvin, mole and candela.
    public static let catalog: [Unit] = [
        one, second, ms, us, Hz, kHz, volt, mV, ampere, nA, pA, siemens, uS, nS, ohm, Mohm, farad, nF, pF,
        metre, mm, um, kilogram,
        Unit(symbol: "K", scale: 1, dimension: Dimension(K: 1)),
        Unit(symbol: "mol", scale: 1, dimension: Dimension(mol: 1)),
        Unit(symbol: "cd", scale: 1, dimension: Dimension(cd: 1)),
    ]
}
