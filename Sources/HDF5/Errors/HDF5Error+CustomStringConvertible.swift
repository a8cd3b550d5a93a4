extension HDF5Error: CustomStringConvertible {
    /// A one-paragraph description: code, message, operation, file and path, then the HDF5 stack.
    public var description: String {
        var text = "HDF5Error(\(code)): \(message) [\(operation)"
        if let file { text += ", file '\(file)'" }
        if let path { text += ", object '\(path)'" }
        text += "]"
        for frame in stack {
            text += "\n  HDF5: \(frame)"
        }
        return text
    }
}
