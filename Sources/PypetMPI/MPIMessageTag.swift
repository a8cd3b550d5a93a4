/// The tags of the messages between rank 0 and the other ranks.
enum MPIMessageTag: Int32 {
    /// A ``WorkerMessage`` (parameters and runs to a rank, completions back).
    case message = 1
    /// Rank 0 is done with the current run call; the rank returns from it.
    case endOfCall = 2
    /// Rank 0 has ended (without making the call the rank waits in): the rank's process ends too.
    case shutdown = 3
}
