public import Pypet

extension ExecutorChoice {
    /// MPI ranks (`mpirun -n N program ...`): rank 0 owns the environment, its file and any optimizer; ranks
    /// 1 to N-1 evaluate runs. Initializes MPI; a program started without `mpirun` is one rank that runs
    /// everything itself.
    public static func mpi() throws(EnvironmentError) -> ExecutorChoice {
        let world = try MPIWorld.initialize()
        return .custom(MPIRunExecutor(rank: world.rank, size: world.size))
    }

    /// The executor named on a command line, `mpi` included (see ``ExecutorChoice/named(_:limits:)``).
    public static func namedWithMPI(_ name: String, limits: WorkerProcesses = .init()) throws(EnvironmentError) -> ExecutorChoice {
        name.lowercased() == "mpi" ? try mpi() : try named(name, limits: limits)
    }
}
