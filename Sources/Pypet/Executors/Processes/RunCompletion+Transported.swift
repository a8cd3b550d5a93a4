import PypetStorage

extension RunCompletion {
    /// The completion of a run that came back from a worker process or an MPI rank: its record, and for a
    /// completed run the value the worker sent (for the environment a ``TransportedValue`` it converts to
    /// the job's type; otherwise the value itself or its conversion).
    package init(transported record: RunRecord) {
        var value: Value?
        if case .completed = record.status {
            let transported = TransportedValue(value: record.value)
            value = ErasedValue(base: transported) as? Value ?? transported.decoded(as: Value.self)
        }
        self.init(record: record, value: value)
    }
}
