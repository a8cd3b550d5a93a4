extension PhysicalUnit {
    /// The pure number 1 (no unit).
    public static let one = PhysicalUnit(symbol: "1", scale: 1, dimension: .dimensionless)

    private static let time = PhysicalDimension(s: 1)
    private static let frequency = PhysicalDimension(s: -1)
    private static let voltage = PhysicalDimension(m: 2, kg: 1, s: -3, A: -1)
    private static let current = PhysicalDimension(A: 1)
    private static let conductance = PhysicalDimension(m: -2, kg: -1, s: 3, A: 2)
    private static let resistance = PhysicalDimension(m: 2, kg: 1, s: -3, A: -2)
    private static let capacitance = PhysicalDimension(m: -2, kg: -1, s: 4, A: 2)
    private static let length = PhysicalDimension(m: 1)

    /// Seconds.
    public static let second = PhysicalUnit(symbol: "s", scale: 1, dimension: time)
    /// Milliseconds.
    public static let ms = PhysicalUnit(symbol: "ms", scale: 1e-3, dimension: time)
    /// Microseconds.
    public static let us = PhysicalUnit(symbol: "us", scale: 1e-6, dimension: time)
    /// Hertz.
    public static let Hz = PhysicalUnit(symbol: "Hz", scale: 1, dimension: frequency)
    /// Kilohertz.
    public static let kHz = PhysicalUnit(symbol: "kHz", scale: 1e3, dimension: frequency)
    /// Volts.
    public static let volt = PhysicalUnit(symbol: "V", scale: 1, dimension: voltage)
    /// Millivolts.
    public static let mV = PhysicalUnit(symbol: "mV", scale: 1e-3, dimension: voltage)
    /// Amperes.
    public static let ampere = PhysicalUnit(symbol: "A", scale: 1, dimension: current)
    /// Nanoamperes.
    public static let nA = PhysicalUnit(symbol: "nA", scale: 1e-9, dimension: current)
    /// Picoamperes.
    public static let pA = PhysicalUnit(symbol: "pA", scale: 1e-12, dimension: current)
    /// Siemens.
    public static let siemens = PhysicalUnit(symbol: "S", scale: 1, dimension: conductance)
    /// Microsiemens.
    public static let uS = PhysicalUnit(symbol: "uS", scale: 1e-6, dimension: conductance)
    /// Nanosiemens.
    public static let nS = PhysicalUnit(symbol: "nS", scale: 1e-9, dimension: conductance)
    /// Ohms.
    public static let ohm = PhysicalUnit(symbol: "ohm", scale: 1, dimension: resistance)
    /// Megaohms.
    public static let Mohm = PhysicalUnit(symbol: "Mohm", scale: 1e6, dimension: resistance)
    /// Farads.
    public static let farad = PhysicalUnit(symbol: "F", scale: 1, dimension: capacitance)
    /// Nanofarads.
    public static let nF = PhysicalUnit(symbol: "nF", scale: 1e-9, dimension: capacitance)
    /// Picofarads.
    public static let pF = PhysicalUnit(symbol: "pF", scale: 1e-12, dimension: capacitance)
    /// Metres.
    public static let metre = PhysicalUnit(symbol: "m", scale: 1, dimension: length)
    /// Millimetres.
    public static let mm = PhysicalUnit(symbol: "mm", scale: 1e-3, dimension: length)
    /// Micrometres.
    public static let um = PhysicalUnit(symbol: "um", scale: 1e-6, dimension: length)
    /// Kilograms.
    public static let kilogram = PhysicalUnit(symbol: "kg", scale: 1, dimension: PhysicalDimension(kg: 1))

    /// Every named unit ``init(symbol:)`` knows, plus the base units kelvin, mole and candela.
    public static let catalog: [PhysicalUnit] = [
        one, second, ms, us, Hz, kHz, volt, mV, ampere, nA, pA, siemens, uS, nS, ohm, Mohm, farad, nF, pF,
        metre, mm, um, kilogram,
        PhysicalUnit(symbol: "K", scale: 1, dimension: PhysicalDimension(K: 1)),
        PhysicalUnit(symbol: "mol", scale: 1, dimension: PhysicalDimension(mol: 1)),
        PhysicalUnit(symbol: "cd", scale: 1, dimension: PhysicalDimension(cd: 1)),
    ]
}
