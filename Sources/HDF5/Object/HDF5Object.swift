internal import CHDF5

/// What groups, datasets and tables have in common: a place in a file and attributes.
///
/// Not subclassable outside this module; use ``HDF5Group``, ``HDF5Dataset`` or ``HDF5Table``.
public class HDF5Object {
    /// The file this object lives in.
    public let file: HDF5File
    /// The object's absolute path in the file, such as `/results/runs`.
    public let path: String
    let handle: Handle

    init(handle: Handle, file: HDF5File, path: String) {
        self.handle = handle
        self.file = file
        self.path = path
    }

    var context: ErrorContext { ErrorContext(file: file.path, path: path) }

    /// The name of the object: the last component of its path (`/` for the root group).
    public var name: String {
        path == "/" ? "/" : String(path.split(separator: "/").last ?? "")
    }

    /// The absolute path of a child named `name` (which may itself be a relative path `a/b`).
    func childPath(_ name: String) -> String {
        if name.hasPrefix("/") { return name }
        return path == "/" ? "/" + name : path + "/" + name
    }

    /// Runs `body` inside the library with the file checked open (and writable if `writing`).
    func perform<R>(
        _ operation: String, writing: Bool = false, _ body: (ErrorContext) throws(HDF5Error) -> R
    ) throws(HDF5Error) -> R {
        try HDF5Library.perform { () throws(HDF5Error) -> R in
            let context = self.context
            if writing {
                try file.ensureWritable(context, operation)
            } else {
                try file.ensureOpen(context, operation)
            }
            return try body(context)
        }
    }
}
