import Foundation

/// A file the `pypet` command writes (`-o`): checked for a folder to go into, written whole.
enum OutputFile {
    /// Writes `data` to `path`, or fails with a plain message: a missing folder, a folder in the way,
    /// or the operating system's reason.
    static func write(_ data: Data, to path: String) throws(CLIError) {
        let folder = (path as NSString).deletingLastPathComponent
        var isFolder: ObjCBool = false
        if !folder.isEmpty {
            guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) else {
                throw CLIError("cannot write: the folder \(folder) does not exist", file: path)
            }
            guard isFolder.boolValue else { throw CLIError("cannot write: \(folder) is not a folder", file: path) }
        }
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            throw CLIError("cannot write: this is a folder", file: path)
        }
        do {
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw CLIError("cannot write", because: error, file: path)
        }
    }
}
