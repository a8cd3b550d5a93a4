import Foundation
import HDF5
import PypetCore
#if canImport(Glibc)
import Glibc
#endif

extension TrajectoryStorage {
    /// Writes a copy of the file in pypet's layout to `destination`: every run whose results only the
    /// results index holds (``RunLayout/columns``) gets its groups (`results/runs/run_00000003/y`), so that
    /// pypet 0.6.1 (`load_trajectory`) and any tool that walks run groups read every run. The file itself is
    /// left as it is; a file already in pypet's layout is copied unchanged. The copy is written as
    /// `<destination>.tmp` and renamed, so a crash never leaves a half-written destination. Returns how many
    /// runs' index entries it wrote out (groups a run already had are kept).
    ///
    /// Throws ``StorageError`` when the file cannot be read, `destination` is the file itself, or the copy
    /// cannot be written.
    @discardableResult
    public func exportPypetLayout(to destination: String) throws(StorageError) -> Int {
        let source = URL(fileURLWithPath: path).standardizedFileURL.path
        guard URL(fileURLWithPath: destination).standardizedFileURL.path != source else {
            throw StorageError(code: .unsupported, message: "the export would overwrite the file itself; name another destination", file: path)
        }
        let temporary = destination + ".tmp"
        do {
            try? FileManager.default.removeItem(atPath: temporary)
            try FileManager.default.copyItem(atPath: path, toPath: temporary)
        } catch {
            throw StorageError(code: .invalidFile, message: "cannot copy the file to \(temporary): \(error.localizedDescription)", file: path)
        }
        var written = 0
        do {
            let file = try HDF5File.open(temporary, mode: .readWrite, format: .v18)
            do {
                for name in try file.root.linkNames() where (try? file.root.linkKind(name)) == .group {
                    let base = try file.root.openGroup(name)
                    guard ResultsIndex.holdsRunsWithoutGroups(base) else { continue }
                    let entries = ResultsIndex.read(base)
                    let writer = RunLeafWriter(base: base, options: options)
                    try writer.write(entries.keys.sorted().compactMap { entries[$0] })
                    written += entries.count
                    // Every run has its groups now: the index is an index again (checked against them).
                    try base.openTable("overview/" + ResultsIndex.name).removeAttribute(ResultsIndex.layoutAttribute)
                }
                try file.close()
            } catch {
                try? file.close()
                throw error
            }
            guard rename(temporary, destination) == 0 else {
                throw StorageError(code: .invalidFile, message: "cannot rename the export: " + String(cString: strerror(errno)), file: destination)
            }
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw StorageError.wrapping(error, path: path)
        }
        return written
    }
}
