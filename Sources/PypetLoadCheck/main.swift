// pypet-load-check: loads an HDF5 file with PypetStorage and prints one JSON line: what loaded, or the
// typed error. Run in a child process by `IsolatedLoad`, because a corrupt HDF5 file can crash or hang
// libhdf5 itself; the parent only ever reads this line.

import Foundation
import PypetStorage

let arguments = CommandLine.arguments
guard arguments.count == 2 else {
    FileHandle.standardError.write(Data("usage: pypet-load-check FILE\n".utf8))
    exit(2)
}
var record: [String: Any]
do {
    let loaded = try TrajectoryStorage(path: arguments[1]).load()
    record = [
        "status": "loaded", "name": loaded.trajectory.name, "runs": loaded.trajectory.length,
        "nodes": loaded.trajectory.root.nodes().count, "failures": loaded.failures.count,
    ]
} catch {
    record = ["status": "error", "code": "\(error.code)", "message": error.message]
}
let data = (try? JSONSerialization.data(withJSONObject: record, options: [.sortedKeys])) ?? Data("{\"status\":\"error\"}".utf8)
FileHandle.standardOutput.write(data + Data("\n".utf8))
