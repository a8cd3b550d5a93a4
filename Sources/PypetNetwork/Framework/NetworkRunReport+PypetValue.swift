public import PypetCore

/// A report as a storable value, so that ``NetworkManager/runNetwork(_:)`` can be the job of worker
/// processes and MPI ranks (the report travels back from the worker) and is kept with its run in the
/// file's `overview/run_values`: a dictionary of `subruns` (a list of strings), `time` (a quantity) and
/// `values` (a dictionary of numbers).
extension NetworkRunReport: PypetValueConvertible {
    public var pypetValue: PypetValue {
        .dictionary([
            "subruns": .list(subruns.map { .string($0) }),
            "time": .quantity(time),
            "values": .dictionary(values.mapValues { .double($0) }),
        ])
    }

    public init(pypetValue: PypetValue) throws(TrajectoryError) {
        func mismatch(_ what: String) -> TrajectoryError {
            TrajectoryError(code: .typeMismatch, message: "a network run report needs \(what); got \(pypetValue.typeDescription) \(pypetValue)")
        }
        guard case .dictionary(let fields) = pypetValue else { throw mismatch("a dictionary") }
        guard case .list(let names)? = fields["subruns"] else { throw mismatch("a list 'subruns'") }
        var subruns: [String] = []
        for name in names {
            guard case .string(let text) = name else { throw mismatch("subrun names as strings") }
            subruns.append(text)
        }
        guard case .quantity(let time)? = fields["time"] else { throw mismatch("a quantity 'time'") }
        guard case .dictionary(let reported)? = fields["values"] else { throw mismatch("a dictionary 'values'") }
        var values: [String: Double] = [:]
        for (key, value) in reported {
            guard case .double(let number) = value else { throw mismatch("numbers in 'values'") }
            values[key] = number
        }
        self.init(subruns: subruns, time: time, values: values)
    }
}
