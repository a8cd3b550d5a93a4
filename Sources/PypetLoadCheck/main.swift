// pypet-load-check: loads an HDF5 file with PypetStorage (every item, every run group opened) and prints
// one JSON line: what loaded, or the typed error. Run in a child process by `IsolatedLoad` and
// `TrajectoryStorage.loadUntrusted`, because a corrupt HDF5 file can crash or hang libhdf5 itself; the
// parent only ever reads this line.
//
// With --isolated, loads through `TrajectoryStorage.loadUntrusted` instead (this tool run again as the
// child that checks the file first): the public API for untrusted files, which the fuzz harness
// (scripts/fuzz_files.py) exercises.

import Foundation
import PypetStorage

var arguments = Array(CommandLine.arguments.dropFirst())
let isolated = arguments.first == "--isolated"
if isolated { arguments.removeFirst() }
guard arguments.count == 1 || (arguments.count == 3 && arguments[1] == "--trajectory") else {
    FileHandle.standardError.write(Data("usage: pypet-load-check [--isolated] FILE [--trajectory NAME]\n".utf8))
    exit(2)
}
let name = arguments.count == 3 ? arguments[2] : nil
var record: [String: Any]
do {
    var options = LoadOptions.all
    // Every run group is opened (not only the results index), so that a later lazy load in the caller
    // meets nothing this check did not read.
    options.usesResultsIndex = false
    let storage = TrajectoryStorage(path: arguments[0])
    let loaded = isolated ? try storage.loadUntrusted(name: name, options: options) : try storage.load(name: name, options: options)
    record = [
        "status": "loaded", "name": loaded.trajectory.name, "runs": loaded.trajectory.length,
        "nodes": loaded.trajectory.root.nodes().count, "failures": loaded.failures.count,
    ]
} catch {
    record = ["status": "error", "code": "\(error.code)", "message": error.message]
}
let data = (try? JSONSerialization.data(withJSONObject: record, options: [.sortedKeys])) ?? Data("{\"status\":\"error\"}".utf8)
FileHandle.standardOutput.write(data + Data("\n".utf8))
