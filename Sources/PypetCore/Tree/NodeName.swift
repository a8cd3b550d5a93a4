/// Naming rules and the name translations of natural naming.
public enum NodeName {
    /// The longest allowed name, in characters.
    public static let maximumLength = 127

    /// The four fixed branches.
    public static let branches = ["config", "parameters", "derived_parameters", "results"]

    /// Branch aliases: `par`, `dpar`, `res`, `conf`.
    public static let branchAliases = ["par": "parameters", "dpar": "derived_parameters", "res": "results", "conf": "config"]

    /// Names that can never name a node: the aliases and wildcards of natural naming.
    public static let reserved: Set<String> = ["par", "dpar", "res", "conf", "crun", "$", "$set", "crunset", "r_A", "run_A"]

    /// The canonical name of run `index`: `run_00000007`.
    public static func run(_ index: Int) -> String {
        "run_" + padded(index, width: 8)
    }

    /// The canonical name of the bucket of 1000 runs holding run `index`: `run_set_00000`.
    public static func runSet(_ index: Int) -> String {
        "run_set_" + padded(index / 1000, width: 5)
    }

    /// Checks one name component; throws ``TrajectoryError/Code/invalidName`` or
    /// ``TrajectoryError/Code/reservedName``.
    public static func validate(_ name: String) throws(TrajectoryError) {
        guard !name.isEmpty else { throw TrajectoryError(code: .invalidName, message: "empty name", name: name) }
        guard !reserved.contains(name), !isRunShortcut(name) else {
            throw TrajectoryError(code: .reservedName, message: "'\(name)' is reserved for natural naming", name: name)
        }
        guard name.utf8.count <= maximumLength else {
            throw TrajectoryError(code: .invalidName, message: "name longer than \(maximumLength) characters", name: name)
        }
        guard !name.hasPrefix("_") else {
            throw TrajectoryError(code: .invalidName, message: "names may not start with '_'", name: name)
        }
        guard name.utf8.allSatisfy(isAllowed) else {
            throw TrajectoryError(code: .invalidName, message: "names hold only letters, digits, '_' and '-'", name: name)
        }
    }

    /// The last component of a dotted full name (`z` of `results.runs.run_00000001.z`); the name itself
    /// when it has no dot.
    public static func lastComponent(of dotted: String) -> String {
        dotted.lastIndex(of: ".").map { String(dotted[dotted.index(after: $0)...]) } ?? dotted
    }

    /// Splits a dotted name into components (`a.b.c`).
    static func components(_ dotted: String) -> [String] {
        dotted.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    }

    /// `run_7`, `r_7` → `run_00000007`; `rts_3`, `runtoset_3` → `run_set_00003`; other names unchanged.
    static func translateRunAlias(_ name: String) -> String {
        // Every alias starts with "r"; most names do not.
        guard name.utf8.first == UInt8(ascii: "r") else { return name }
        if let index = number(after: ["run_", "r_"], in: name), !isCanonicalRun(name) { return run(index) }
        if let index = number(after: ["rts_", "runtoset_"], in: name) { return "run_set_" + padded(index, width: 5) }
        if name == "r_A" || name == "run_A" { return "run_ALL" }
        return name
    }

    private static func isAllowed(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "_"), UInt8(ascii: "-"):
            true
        default:
            false
        }
    }

    /// A short run alias (`run_7`, `r_12`, `rts_3`) that would be translated, so it cannot be a name.
    private static func isRunShortcut(_ name: String) -> Bool {
        guard name.utf8.first == UInt8(ascii: "r") else { return false }
        if number(after: ["run_", "r_"], in: name) != nil { return !isCanonicalRun(name) }
        return number(after: ["rts_", "runtoset_"], in: name) != nil
    }

    /// Whether `name` is a canonical run name, `run_` and eight digits.
    public static func isRunName(_ name: String) -> Bool { isCanonicalRun(name) }

    static func isCanonicalRun(_ name: String) -> Bool {
        let bytes = name.utf8
        guard bytes.count == 12, bytes.starts(with: "run_".utf8) else { return false }
        return bytes.dropFirst(4).allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }

    private static func number(after prefixes: [String], in name: String) -> Int? {
        for prefix in prefixes where name.utf8.starts(with: prefix.utf8) {
            let digits = name.utf8.dropFirst(prefix.utf8.count)
            guard !digits.isEmpty, digits.count <= 18, digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) })
            else { continue }
            return digits.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        }
        return nil
    }

    private static func padded(_ value: Int, width: Int) -> String {
        // Non-negative values that fit the width (every run and run-set name in practice) are written digit
        // by digit into a small string; this runs several times per run.
        if value >= 0, width <= 15, value < powersOfTen[width] {
            return String(unsafeUninitializedCapacity: width) { buffer in
                var rest = value
                for position in stride(from: width - 1, through: 0, by: -1) {
                    buffer[position] = UInt8(truncatingIfNeeded: 0x30 + rest % 10)
                    rest /= 10
                }
                return width
            }
        }
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    private static let powersOfTen: [Int] = (0...15).map { exponent in (0..<exponent).reduce(1) { value, _ in value * 10 } }
}
