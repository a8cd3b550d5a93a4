import GSLRandom
import HDF5

/// Versions recorded by every environment.
public enum Versions {
    /// This package's version.
    public static let swiftPypet = "0.1.0"

    /// The Swift compiler that built this package.
    public static var swift: String {
        #if compiler(>=6.4)
        "6.4 or later"
        #elseif compiler(>=6.3)
        "6.3"
        #elseif compiler(>=6.2)
        "6.2"
        #elseif compiler(>=6.1)
        "6.1"
        #else
        "6.0"
        #endif
    }

    /// The libhdf5 in use.
    public static var hdf5: String { HDF5Library.version }

    /// The GNU GSL in use.
    public static var gsl: String { RandomStream.gslVersion }
}
