import ComplexModule
import HDF5
import PypetTestSupport
import Testing

@Suite("Datasets")
struct DatasetTests {
    @Test("every element type round-trips with its shape through a reopened file")
    func elementTypes() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("d.h5")
        let doubles = (0..<24).map { Double($0) * 0.5 - 3 }
        let complexes = [Complex(1.0, 2.0), Complex(-0.5, 1e300), Complex(0, 0)]
        do {
            let file = try HDF5File.create(path)
            let root = try file.root
            try root.createDataset("double", values: doubles, shape: [2, 3, 4])
            try root.createDataset("float", values: [Float(1.5), -2, .greatestFiniteMagnitude])
            try root.createDataset("int64", values: [Int64.min, 0, Int64.max])
            try root.createDataset("int", values: [Int.max, -1], shape: [1, 2])
            try root.createDataset("int32", values: [Int32.min, Int32.max])
            try root.createDataset("uint8", values: [UInt8(0), 255])
            try root.createDataset("bool", values: [true, false, false, true], shape: [2, 2])
            try root.createDataset("complex", values: complexes)
            try root.createDataset("scalar", values: [42.0], shape: [])
            try root.createDataset("empty", values: [Double]())
            try root.createStringDataset("strings", values: ["α", "", "long string here"], shape: [3])
            try root.createStringDataset("variable", length: nil, shape: [2]).writeStrings(["vé", "x"])
            try file.close()
        }
        let file = try HDF5File.open(path)
        let root = try file.root
        let double = try root.openDataset("double")
        #expect(try double.shape == [2, 3, 4])
        #expect(try double.read(as: Double.self) == doubles)
        #expect(try double.datatype == .float(bits: 64))
        #expect(try root.openDataset("float").read(as: Float.self) == [1.5, -2, .greatestFiniteMagnitude])
        #expect(try root.openDataset("int64").read(as: Int64.self) == [Int64.min, 0, Int64.max])
        #expect(try root.openDataset("int").read(as: Int.self) == [Int.max, -1])
        #expect(try root.openDataset("int32").read(as: Int32.self) == [Int32.min, Int32.max])
        #expect(try root.openDataset("int32").read(as: Int64.self) == [Int64(Int32.min), Int64(Int32.max)])
        #expect(try root.openDataset("uint8").read(as: UInt8.self) == [0, 255])
        #expect(try root.openDataset("bool").read(as: Bool.self) == [true, false, false, true])
        #expect(try root.openDataset("bool").datatype == .bitfield(bits: 8))
        let complex = try root.openDataset("complex").read(as: Complex<Double>.self)
        #expect(complex.count == 3 && complex[0] == Complex(1.0, 2.0) && complex[2] == Complex(0, 0))
        #expect(complex[1].real == -0.5 && complex[1].imaginary == 1e300)
        #expect(try root.openDataset("complex").datatype.isComplex)
        #expect(try root.openDataset("scalar").shape == [])
        #expect(try root.openDataset("scalar").read(as: Double.self) == [42])
        #expect(try root.openDataset("empty").read(as: Double.self) == [])
        #expect(try root.openDataset("strings").readStrings() == ["α", "", "long string here"])
        #expect(try root.openDataset("strings").datatype == .string(length: 16, encoding: .utf8))
        #expect(try root.openDataset("variable").readStrings() == ["vé", "x"])
        #expect(try root.openDataset("variable").datatype == .string(length: nil, encoding: .utf8))
    }

    @Test("chunking, deflate, shuffle and Fletcher-32 are applied and read back")
    func filters() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("f.h5")
        let values = (0..<10_000).map { Double($0 % 100) }
        do {
            let file = try HDF5File.create(path)
            let options = HDF5DatasetOptions(chunkShape: [1000], deflate: 6, shuffle: true, fletcher32: true)
            try file.root.createDataset("compressed", values: values, options: options)
            try file.root.createDataset("plain", values: values)
            try file.close()
        }
        let file = try HDF5File.open(path)
        let compressed = try file.root.openDataset("compressed")
        #expect(try compressed.read(as: Double.self) == values)
        let options = try compressed.creationOptions
        #expect(options.chunkShape == [1000])
        #expect(options.deflate == 6)
        #expect(options.shuffle)
        #expect(options.fletcher32)
        let plain = try file.root.openDataset("plain").creationOptions
        #expect(plain.chunkShape == nil && plain.deflate == nil && !plain.shuffle)
    }

    @Test("extendible datasets append along the first axis; partial reads and writes")
    func appendAndPartial() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("e.h5")
        do {
            let file = try HDF5File.create(path)
            let table = try file.root.createDataset(
                "rows", of: Double.self, shape: [0, 3], options: .extendible(chunkRows: 16, deflate: 1, shuffle: true))
            try table.append([1.0, 2, 3])
            try table.append([4.0, 5, 6, 7, 8, 9])
            try table.append([Double]())
            #expect(try table.maxShape == [nil, 3])
            let series = try file.root.createDataset("series", of: Int64.self, shape: [0], options: .extendible())
            for value in 0..<1000 { try series.append([Int64(value)]) }
            let names = try file.root.createStringDataset("names", length: 8, shape: [0], options: .extendible())
            try names.appendStrings(["a", "bb"])
            try names.appendStrings(["ccc"])
            try file.close()
        }
        let file = try HDF5File.open(path, mode: .readWrite)
        let rows = try file.root.openDataset("rows")
        #expect(try rows.shape == [3, 3])
        #expect(try rows.readRows(1..<3, as: Double.self) == [4, 5, 6, 7, 8, 9])
        #expect(try rows.read(as: Double.self, offset: [0, 1], count: [3, 2]) == [2, 3, 5, 6, 8, 9])
        try rows.write([-1.0, -2], offset: [2, 0], count: [1, 2])
        #expect(try rows.readRows(2..<3, as: Double.self) == [-1, -2, 9])
        let series = try file.root.openDataset("series")
        #expect(try series.count == 1000)
        #expect(try series.readRows(995..<1000, as: Int64.self) == [995, 996, 997, 998, 999])
        #expect(try file.root.openDataset("names").readStrings() == ["a", "bb", "ccc"])
        #expect(try file.root.openDataset("names").readStrings(offset: [1], count: [2]) == ["bb", "ccc"])
        try rows.resize(to: [5, 3])
        #expect(try rows.readRows(3..<5, as: Double.self) == [0, 0, 0, 0, 0, 0])
    }

    @Test("an appender buffers values and writes them a chunk at a time")
    func appender() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("a.h5")
        do {
            let file = try HDF5File.create(path)
            let dataset = try file.root.createDataset("s", of: Double.self, shape: [0], options: .extendible(chunkRows: 100))
            let appender = try HDF5Appender<Double>(dataset)
            #expect(appender.bufferRows == 100)
            for value in 0..<250 { try appender.append(Double(value)) }
            #expect(appender.pendingCount == 50)
            #expect(try dataset.count == 200)
            try appender.flush()
            #expect(try dataset.count == 250)
            let rows = try file.root.createDataset("r", of: Int64.self, shape: [0, 2], options: .extendible())
            let rowAppender = try HDF5Appender<Int64>(rows, bufferRows: 3)
            try rowAppender.append([1, 2, 3, 4])
            expectHDF5Error(.shapeMismatch) { try rowAppender.append([5]) }
            try rowAppender.flush()
            #expect(try rows.read(as: Int64.self) == [1, 2, 3, 4])
            expectHDF5Error(.typeMismatch) { try HDF5Appender<Int64>(dataset) }
            expectHDF5Error(.invalidArgument) { try HDF5Appender<Double>(dataset, bufferRows: 0) }
            let fixed = try file.root.createDataset("fixed", values: [1.0])
            expectHDF5Error(.shapeMismatch) { try HDF5Appender<Double>(fixed) }
            // A buffer left unflushed is written when the appender goes away.
            do {
                let late = try HDF5Appender<Double>(dataset)
                try late.append(-1)
            }
            try file.close()
        }
        let file = try HDF5File.open(path)
        let values = try file.root.openDataset("s").read(as: Double.self)
        #expect(values == (0..<250).map(Double.init) + [-1])
        expectHDF5Error(.readOnly) { try HDF5Appender<Double>(file.root.openDataset("s")) }
    }

    @Test("wrong element types, shapes and sizes are typed errors")
    func errors() throws {
        let directory = try TemporaryDirectory()
        let file = try HDF5File.create(directory.file("x.h5"))
        let root = try file.root
        let doubles = try root.createDataset("doubles", values: [1.0, 2.0, 3.0])
        let ints = try root.createDataset("ints", values: [Int64(1)])
        let fixed = try root.createStringDataset("fixed", values: ["abc"])
        let extendible = try root.createDataset("ext", of: Double.self, shape: [0, 2], options: .extendible())
        expectHDF5Error(.typeMismatch) { try doubles.read(as: Int64.self) }
        expectHDF5Error(.typeMismatch) { try doubles.read(as: Float.self) }
        expectHDF5Error(.typeMismatch) { try doubles.read(as: Bool.self) }
        expectHDF5Error(.typeMismatch) { try doubles.readStrings() }
        expectHDF5Error(.typeMismatch) { try ints.read(as: Int32.self) }
        expectHDF5Error(.typeMismatch) { try ints.read(as: Complex<Double>.self) }
        expectHDF5Error(.typeMismatch) { try fixed.read(as: Double.self) }
        expectHDF5Error(.typeMismatch) { try doubles.write([Int64(1), 2, 3]) }
        expectHDF5Error(.typeMismatch) { try doubles.writeStrings(["a", "b", "c"]) }
        expectHDF5Error(.shapeMismatch) { try doubles.write([1.0]) }
        expectHDF5Error(.shapeMismatch) { try doubles.read(as: Double.self, offset: [2], count: [2]) }
        expectHDF5Error(.shapeMismatch) { try doubles.read(as: Double.self, offset: [0, 0], count: [1, 1]) }
        expectHDF5Error(.shapeMismatch) { try doubles.read(as: Double.self, offset: [-1], count: [1]) }
        expectHDF5Error(.shapeMismatch) { try doubles.append([4.0]) }
        expectHDF5Error(.shapeMismatch) { try extendible.append([1.0, 2.0, 3.0]) }
        expectHDF5Error(.shapeMismatch) { try doubles.resize(to: [10]) }
        expectHDF5Error(.invalidArgument) { try fixed.writeStrings(["abcd"]) }
        expectHDF5Error(.shapeMismatch) { try root.createDataset("bad", values: [1.0, 2.0], shape: [3]) }
        expectHDF5Error(.alreadyExists) { try root.createDataset("doubles", values: [1.0]) }
        expectHDF5Error(.invalidArgument) {
            try root.createDataset("bad2", values: [1.0], options: .init(deflate: 12))
        }
        expectHDF5Error(.invalidArgument) {
            try root.createDataset("bad3", values: [1.0], options: .init(chunkShape: [1, 1]))
        }
        expectHDF5Error(.invalidArgument) { try root.createDataset("bad4", values: [1.0], shape: [], options: .extendible()) }
        expectHDF5Error(.invalidArgument) { try root.createStringDataset("bad5", length: 0, shape: [1]) }
    }
}
