internal import CHDF5

/// Owns one libhdf5 identifier and closes it exactly once, in `deinit`.
///
/// Deliberately not `Sendable`: an identifier is confined to the task (or actor) that opened it. Handles
/// of objects inside a file keep that file's ``HDF5File`` alive and skip their close once the file was
/// closed (the file is opened with the strong close degree, which closes its objects with it).
final class Handle {
    enum Kind { case file, group, dataset, attribute, datatype, dataspace, propertyList }

    let id: hid_t
    let kind: Kind
    /// The file this object lives in; nil for the file itself and for transient types, spaces, lists.
    let file: HDF5File?

    init(_ id: hid_t, _ kind: Kind, file: HDF5File? = nil) {
        self.id = id
        self.kind = kind
        self.file = file
    }

    deinit {
        if let file, !file.isOpen { return }
        let id = id, kind = kind
        HDF5Library.performQuietly {
            switch kind {
            case .file: H5Fclose(id)
            case .group: H5Gclose(id)
            case .dataset: H5Dclose(id)
            case .attribute: H5Aclose(id)
            case .datatype: H5Tclose(id)
            case .dataspace: H5Sclose(id)
            case .propertyList: H5Pclose(id)
            }
        }
    }
}

/// Where an operation happened, for error messages.
struct ErrorContext {
    var file: String?
    var path: String?

    /// Checks an identifier returned by libhdf5 and wraps it in a ``Handle``.
    func handle(
        _ id: hid_t, _ kind: Handle.Kind, _ operation: String, owner: HDF5File? = nil,
        code: HDF5Error.Code = .libraryFailure, function: String = #function, line: Int = #line
    ) throws(HDF5Error) -> Handle {
        guard id >= 0 else {
            throw HDF5Error.library(operation, code: code, file: file, path: path, function: function, line: line)
        }
        return Handle(id, kind, file: owner)
    }

    /// Checks a status returned by libhdf5.
    func check(
        _ status: herr_t, _ operation: String, code: HDF5Error.Code = .libraryFailure,
        function: String = #function, line: Int = #line
    ) throws(HDF5Error) {
        guard status >= 0 else {
            throw HDF5Error.library(operation, code: code, file: file, path: path, function: function, line: line)
        }
    }

    /// Checks a tri-state answer returned by libhdf5.
    func truth(
        _ value: htri_t, _ operation: String, function: String = #function, line: Int = #line
    ) throws(HDF5Error) -> Bool {
        guard value >= 0 else {
            throw HDF5Error.library(operation, file: file, path: path, function: function, line: line)
        }
        return value > 0
    }

    /// An error raised by this module itself (not by a libhdf5 call).
    func error(
        _ code: HDF5Error.Code, _ message: String, operation: String,
        function: String = #function, line: Int = #line
    ) -> HDF5Error {
        HDF5Error(
            code: code, message: message, operation: operation, file: file, path: path,
            location: .init(function: function, line: line))
    }
}
