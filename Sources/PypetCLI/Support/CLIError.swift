import Foundation
import Pypet
import PypetAlgorithms

/// An error of the `pypet` command: what went wrong, with the file and item concerned, in plain words.
/// ArgumentParser prints it and exits non-zero.
struct CLIError: Error, CustomStringConvertible {
    var message: String
    var file: String?
    var item: String?

    init(_ message: String, file: String? = nil, item: String? = nil) {
        self.message = message
        self.file = file
        self.item = item
    }

    /// `doing` failed because of `error`: the message is `doing: cause`, the item the one given or the
    /// one the error names.
    init(_ doing: String, because error: any Error, file: String?, item: String? = nil) {
        let explained = PlainError.explain(error)
        self.init(doing + ": " + explained.cause, file: file, item: item ?? explained.item)
    }

    var description: String {
        var context: [String] = []
        if let item { context.append("item \(item)") }
        if let file { context.append("file \(file)") }
        return context.isEmpty ? message : message + " (" + context.joined(separator: ", ") + ")"
    }
}
