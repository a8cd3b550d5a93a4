import ComplexModule
import HDF5
import PypetTestSupport
import Testing

@Suite("Attributes")
struct AttributeTests {
    static let values: [String: HDF5Value] = [
        "text": .string("Grüße, 世界 🚀"),
        "empty": .string(""),
        "ascii": .string("plain"),
        "count": .int(Int64.max),
        "negative": .int(-42),
        "ratio": .double(0.1),
        "infinite": .double(-.infinity),
        "flag": .bool(true),
        "off": .bool(false),
        "z": .complex(Complex(1.5, -2.25)),
        "ints": .intArray([1, -2, Int64.min]),
        "doubles": .doubleArray([0.5, 1e300]),
        "bools": .boolArray([true, false, true]),
        "strings": .stringArray(["a", "", "ü"]),
        "noInts": .intArray([]),
    ]

    @Test("every kind round-trips through a closed and reopened file")
    func roundTrip() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("attrs.h5")
        do {
            let file = try HDF5File.create(path)
            let group = try file.root.createGroup("g")
            let dataset = try group.createDataset("d", values: [1.0])
            for (name, value) in Self.values {
                try group.setAttribute(name, value)
                try dataset.setAttribute(name, value)
            }
            try file.close()
        }
        let file = try HDF5File.open(path)
        let group = try file.root.openGroup("g")
        let dataset = try group.openDataset("d")
        #expect(try group.attributes() == Self.values)
        #expect(try dataset.attributes() == Self.values)
        #expect(try Set(group.attributeNames()) == Set(Self.values.keys))
        #expect(try group.stringAttribute("text") == "Grüße, 世界 🚀")
        #expect(try group.intAttribute("count") == Int64.max)
        #expect(try group.boolAttribute("flag"))
        #expect(try group.doubleAttribute("ratio") == 0.1)
    }

    @Test("replacing, removing and typed reads")
    func replaceAndRemove() throws {
        let directory = try TemporaryDirectory()
        let file = try HDF5File.create(directory.file("a.h5"))
        let root = try file.root
        try root.setAttribute("x", .int(1))
        try root.setAttribute("x", .string("now a string"))
        #expect(try root.attribute("x") == .string("now a string"))
        expectHDF5Error(.typeMismatch) { try root.intAttribute("x") }
        expectHDF5Error(.typeMismatch) { try root.doubleAttribute("x") }
        try root.removeAttribute("x")
        #expect(try !root.hasAttribute("x"))
        expectHDF5Error(.notFound) { try root.attribute("x") }
        expectHDF5Error(.notFound) { try root.removeAttribute("x") }
        expectHDF5Error(.invalidArgument) { try root.setAttribute("", .int(1)) }
    }
}
