import HDF5
import PypetTestSupport
import Testing

@Suite("Groups and links")
struct GroupTests {
    @Test("nested groups are created on demand and survive reopening")
    func nested() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("g.h5")
        do {
            let file = try HDF5File.create(path)
            let deep = try file.root.createGroup("a/b/c")
            #expect(deep.path == "/a/b/c")
            #expect(deep.name == "c")
            try deep.createGroup("d")
            try file.root.requireGroup("a/b/e")
            try file.root.requireGroup("a/b/e")
            expectHDF5Error(.alreadyExists) { try file.root.createGroup("a/b") }
            try file.close()
        }
        let file = try HDF5File.open(path)
        let b = try file.root.openGroup("a/b")
        #expect(try b.linkNames() == ["c", "e"])
        #expect(try file.root.contains("a/b/c/d"))
        #expect(try !file.root.contains("a/x/c"))
        #expect(try file.root.openGroup("/a/b/c").path == "/a/b/c")
        #expect(try b.openGroup("c/d").path == "/a/b/c/d")
        #expect(try file.root.linkKind("a") == .group)
        #expect(try file.root.linkKind("zzz") == nil)
    }

    @Test("invalid paths and wrong kinds are typed errors")
    func badPaths() throws {
        let directory = try TemporaryDirectory()
        let file = try HDF5File.create(directory.file("g.h5"))
        try file.root.createDataset("data", values: [1.0, 2.0])
        expectHDF5Error(.invalidArgument) { try file.root.createGroup("") }
        expectHDF5Error(.invalidArgument) { try file.root.createGroup("a//b") }
        expectHDF5Error(.notFound) { try file.root.openGroup("missing") }
        expectHDF5Error(.typeMismatch) { try file.root.openGroup("data") }
        expectHDF5Error(.typeMismatch) { try file.root.openDataset("/") }
        expectHDF5Error(.notFound) { try file.root.openDataset("data/below") }
        expectHDF5Error(.notFound) { try file.root.removeLink("missing") }
    }

    @Test("soft links resolve, report their target, and can dangle")
    func softLinks() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("links.h5")
        do {
            let file = try HDF5File.create(path)
            try file.root.createGroup("results/run_00000001").setAttribute("x", .double(1.5))
            try file.root.createSoftLink("latest", to: "/results/run_00000001")
            try file.root.createSoftLink("nowhere", to: "/does/not/exist")
            try file.root.createSoftLink("links/deep/latest", to: "/results/run_00000001")
            expectHDF5Error(.alreadyExists) { try file.root.createSoftLink("latest", to: "/results") }
            try file.close()
        }
        let file = try HDF5File.open(path)
        #expect(try file.root.linkKind("latest") == .softLink(target: "/results/run_00000001", dangling: false))
        #expect(try file.root.linkKind("nowhere") == .softLink(target: "/does/not/exist", dangling: true))
        #expect(try file.root.openGroup("latest").doubleAttribute("x") == 1.5)
        #expect(try file.root.openGroup("links/deep/latest").doubleAttribute("x") == 1.5)
        #expect(try !file.root.contains("nowhere"))
        expectHDF5Error(.notFound) { try file.root.openGroup("nowhere") }
    }

    @Test("removing links removes objects")
    func removal() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("r.h5")
        let file = try HDF5File.create(path)
        try file.root.createGroup("a/b")
        try file.root.createDataset("a/data", values: [Int64(1)])
        try file.root.removeLink("a/b")
        try file.root.removeLink("a/data")
        try file.close()
        let reopened = try HDF5File.open(path)
        #expect(try reopened.root.openGroup("a").linkNames().isEmpty)
    }
}
