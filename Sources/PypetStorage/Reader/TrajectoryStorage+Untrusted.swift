import Foundation

extension TrajectoryStorage {
    /// Loads a trajectory from a file this program did not write (downloaded, copied, possibly damaged)
    /// without risking a crash of this process: first the `pypet-load-check` tool (`checker`, by default
    /// ``IsolatedLoad/defaultExecutable``) loads every item of the file in a child process; only when the
    /// child read it to the end does this process load it, with `options`.
    ///
    /// A file that crashes or hangs libhdf5 gives ``StorageError/Code/invalidFile`` ("corrupt file: the
    /// HDF5 library crashed reading ..."); other failures are the errors ``load(name:index:options:customTypes:)``
    /// gives. The check costs one more load of the file, in another process. Items read later (lazily,
    /// after a skeleton load) go through the same libhdf5 calls the child made, on the same file; a file
    /// changed in between is not covered.
    public func loadUntrusted(
        name: String? = nil, options: LoadOptions = .all, checker: String? = nil, timeout: Double = 60
    ) throws(StorageError) -> LoadedTrajectory {
        guard let executable = checker ?? IsolatedLoad.defaultExecutable else {
            throw StorageError(
                code: .notFound, message: "the pypet-load-check tool is not installed beside this program or on PATH; it checks untrusted files",
                file: path)
        }
        guard FileManager.default.fileExists(atPath: path) else { throw StorageError(code: .notFound, message: "no such file", file: path) }
        if case .failure(let error) = IsolatedLoad.load(path, executable: executable, trajectory: name, timeout: timeout) { throw error }
        return try load(name: name, options: options)
    }
}
