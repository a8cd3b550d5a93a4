internal import CHDF5

extension HDF5Error {
    /// Builds an error for a libhdf5 call that just failed, capturing and clearing the calling thread's
    /// libhdf5 error stack. Call it synchronously right after the failing call.
    static func library(
        _ operation: String,
        code: Code = .libraryFailure,
        message: String? = nil,
        file: String? = nil,
        path: String? = nil,
        function: String = #function, sourceFile: String = #fileID, line: Int = #line
    ) -> HDF5Error {
        let frames = captureStack()
        let text = message ?? frames.last.map { "\($0.minor): \($0.detail)" } ?? "\(operation) failed"
        return HDF5Error(
            code: code, message: text, operation: operation, file: file, path: path, stack: frames,
            location: SourceLocation(function: function, file: sourceFile, line: line))
    }

    /// Reads the calling thread's libhdf5 error stack (outermost call first) and clears it.
    static func captureStack() -> [StackFrame] {
        final class Box { var frames: [StackFrame] = [] }
        let box = Box()
        let unmanaged = Unmanaged.passRetained(box)
        defer { unmanaged.release() }
        _ = H5Ewalk2(chdf5_E_DEFAULT(), H5E_WALK_UPWARD, { _, record, context in
            guard let record, let context else { return 0 }
            let box = Unmanaged<Box>.fromOpaque(context).takeUnretainedValue()
            let entry = record.pointee
            box.frames.append(StackFrame(
                function: entry.func_name.map { String(cString: $0) } ?? "?",
                sourceFile: entry.file_name.map { String(cString: $0) } ?? "?",
                line: Int(entry.line),
                major: HDF5Error.messageText(entry.maj_num),
                minor: HDF5Error.messageText(entry.min_num),
                detail: entry.desc.map { String(cString: $0) } ?? ""))
            return 0
        }, unmanaged.toOpaque())
        H5Eclear2(chdf5_E_DEFAULT())
        return box.frames
    }

    /// The text of one libhdf5 error message id.
    static func messageText(_ id: hid_t) -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        var type = H5E_MAJOR
        let length = H5Eget_msg(id, &type, &buffer, buffer.count)
        guard length > 0 else { return "" }
        return String(decoding: buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
