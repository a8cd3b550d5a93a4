/// An error of the `pypet` command: what went wrong, with the file and item concerned. ArgumentParser
/// prints it and exits non-zero.
struct CLIError: Error, CustomStringConvertible {
    var message: String
    var file: String?
    var item: String?

    init(_ message: String, file: String? = nil, item: String? = nil) {
        self.message = message
        self.file = file
        self.item = item
    }

    var description: String {
        var text = message
        if let item { text += " (item \(item))" }
        if let file { text += " (file \(file))" }
        return text
    }
}
