import ArgumentParser

/// The FILE argument and `--trajectory` option that every command reading one file shares.
struct FileOptions: ParsableArguments {
    @Argument(help: "The HDF5 file.")
    var file: String

    @Option(help: "The trajectory (the last one in the file by default).")
    var trajectory: String?
}
