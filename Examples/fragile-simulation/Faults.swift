import Foundation

/// The bugs planted at some parameter points, as a real simulation code might have them.
enum Faults {
    static func trigger(_ fault: String, run: Int, attempts folder: String) throws {
        switch fault {
        case "crash":
            writeThroughBadPointer()
        case "hang":
            // A loop whose exit condition is never met (the iterate is stuck on a fixed point).
            var x = 0.5
            var iterations = 0
            while x != 0.25 {
                x = 2 * x * (1 - x)
                iterations &+= 1
                if iterations % 1_000_000 == 0 { usleep(1000) }
            }
        case "leak":
            // A history that keeps growing (the bug: it is never trimmed).
            var history: [[Double]] = []
            while true { history.append([Double](repeating: Double(history.count), count: 1 << 17)) }
        case "stray-write":
            // Writes into a descriptor it does not own (in a worker process, the channel to the parent).
            let junk: [UInt8] = Array("\u{7}junk that is no message".utf8)
            _ = junk.withUnsafeBytes { write(4, $0.baseAddress, $0.count) }
        case "flaky":
            // Crashes on its first attempt only: the attempt counter lives in a file beside the sweep.
            let marker = folder + "/run_\(run).attempted"
            if !FileManager.default.fileExists(atPath: marker) {
                _ = FileManager.default.createFile(atPath: marker, contents: Data())
                writeThroughBadPointer()
            }
        default:
            break
        }
    }

    /// A bad memory access (SIGSEGV), the way a stray index into C memory would do it.
    private static func writeThroughBadPointer() {
        let address = UnsafeMutablePointer<Int>(bitPattern: 0x10)
        address?.pointee = 42
    }
}
