import Foundation

extension TrajectoryStorage {
    /// Which runs of the file completed, failed, were pruned or are missing, counting what sits in the
    /// journal and the sealed parts beside the file as well as the file itself. Reads no run's group, so it
    /// is cheap on big files (`pypet status` prints it).
    ///
    /// Throws ``StorageError`` when the file or its journal cannot be read.
    public func runStatus() throws(StorageError) -> RunStatusReport {
        try RunStore.status(path: path)
    }

    /// Deletes the file with everything kept beside it (the journal, sealed parts, a temporary merge
    /// file), to start it afresh; missing pieces are fine. `EnvironmentOptions.overwrite` does this for an
    /// environment. Do not call it while an environment writes the file.
    public func removeFiles() throws(StorageError) {
        try RunStore.removeFiles(path: path)
    }
}
