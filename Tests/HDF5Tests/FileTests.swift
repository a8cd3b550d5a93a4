import Foundation
import HDF5
import PypetTestSupport
import Testing

@Suite("Files")
struct FileTests {
    @Test("create, close, reopen read-only and read-write")
    func createAndReopen() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("a.h5")
        let file = try HDF5File.create(path)
        try file.root.setAttribute("note", .string("hello"))
        try file.flush()
        try file.close()
        #expect(!file.isOpen)
        #expect(HDF5File.isHDF5(path))

        let reader = try HDF5File.open(path)
        #expect(reader.mode == .readOnly)
        #expect(try reader.root.stringAttribute("note") == "hello")
        try reader.close()

        let writer = try HDF5File.open(path, mode: .readWrite)
        try writer.root.setAttribute("note", .string("changed"))
        try writer.close()
        let value = try HDF5File.withFile(path) { try $0.root.stringAttribute("note") }
        #expect(value == "changed")
    }

    @Test("creating over an existing file fails unless truncating")
    func createExisting() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("a.h5")
        let file = try HDF5File.create(path)
        try file.root.createGroup("g")
        try file.close()
        expectHDF5Error(.alreadyExists) { try HDF5File.create(path) }
        let truncated = try HDF5File.create(path, ifExists: .truncate)
        #expect(try truncated.root.linkNames().isEmpty)
        try truncated.close()
    }

    /// Creates an HDF5 file at `path` and locks it as another process would; returns the descriptor that
    /// holds the lock (closing it releases the lock). flock locks belong to an open file description, so
    /// a second open of the file in this process conflicts with libhdf5's lock as another process's does.
    private func lockedFile(_ path: String) throws -> Int32 {
        try HDF5File.create(path).close()
        let descriptor = Foundation.open(path, O_RDONLY)
        #expect(descriptor >= 0)
        #expect(flock(descriptor, LOCK_EX) == 0)
        return descriptor
    }

    @Test("a lock held for a moment (a process being spawned holds its parent's descriptors) is waited for")
    func transientLock() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("locked.h5")
        let descriptor = try lockedFile(path)
        let release = Thread {
            usleep(200_000)
            close(descriptor)
        }
        release.start()
        let start = ContinuousClock.now
        let file = try HDF5File.open(path, mode: .readWrite)
        #expect(ContinuousClock.now - start >= .milliseconds(150))
        try file.root.createGroup("after")
        try file.close()
        try HDF5File.create(path, ifExists: .truncate).close()
    }

    @Test("a lock another process keeps is a typed error once the open stops waiting")
    func lastingLock() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("held.h5")
        let descriptor = try lockedFile(path)
        defer { close(descriptor) }
        let error = expectError(.locked, as: HDF5Error.self) { try HDF5File.open(path, mode: .readWrite) }
        #expect(error?.file == path)
        #expect(error?.description.contains("lock") == true)
        expectHDF5Error(.locked) { try HDF5File.create(path, ifExists: .truncate) }
    }

    @Test("a missing file is notFound")
    func missingFile() throws {
        let directory = try TemporaryDirectory()
        expectHDF5Error(.notFound) { try HDF5File.open(directory.file("nope.h5")) }
        #expect(!HDF5File.isHDF5(directory.file("nope.h5")))
    }

    @Test("a file of random bytes is invalidFile")
    func randomBytes() throws {
        let directory = try TemporaryDirectory()
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let path = try directory.write(bytes, to: "random.h5")
        expectHDF5Error(.invalidFile) { try HDF5File.open(path) }
        #expect(!HDF5File.isHDF5(path))
        let empty = try directory.write([], to: "empty.h5")
        expectHDF5Error(.invalidFile) { try HDF5File.open(empty) }
    }

    @Test("a truncated file is invalidFile, with the HDF5 stack attached", arguments: [0.1, 0.5, 0.9])
    func truncated(fraction: Double) throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("whole.h5")
        let file = try HDF5File.create(path)
        try file.root.createDataset("data", values: (0..<20_000).map(Double.init))
        try file.close()
        let bytes = [UInt8](FileManager.default.contents(atPath: path) ?? Data())
        let cut = try directory.write(Array(bytes.prefix(Int(Double(bytes.count) * fraction))), to: "cut.h5")
        do {
            _ = try HDF5File.open(cut)
            Issue.record("opening a truncated file succeeded")
        } catch {
            #expect(error.code == .invalidFile)
            #expect(error.file == cut)
        }
    }

    @Test("writing to a read-only file is readOnly; using a closed file is closed")
    func modes() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("a.h5")
        let file = try HDF5File.create(path)
        let group = try file.root.createGroup("g")
        try file.close()
        expectHDF5Error(.closed) { try group.createGroup("h") }
        expectHDF5Error(.closed) { try file.root }
        try file.close()  // closing twice does nothing

        let reader = try HDF5File.open(path)
        expectHDF5Error(.readOnly) { try reader.root.createGroup("x") }
        expectHDF5Error(.readOnly) { try reader.root.setAttribute("a", .int(1)) }
    }

    @Test("errors carry operation, file, path and a readable description")
    func errorContext() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("a.h5")
        let file = try HDF5File.create(path)
        do {
            _ = try file.root.openDataset("missing/deep")
            Issue.record("no error")
        } catch {
            #expect(error.code == .notFound)
            #expect(error.file == path)
            #expect(error.path == "/missing/deep")
            #expect(error.description.contains("missing/deep"))
        }
        #expect(HDF5Library.version.hasPrefix("1."))
    }
}

