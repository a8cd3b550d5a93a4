import HDF5
import PypetTestSupport
import Testing

@Suite("Unsigned 64-bit integers")
struct UnsignedTests {
    @Test("UInt64 values beyond Int64.max round-trip exactly; u64 data never reads as Int64 and signed data never as UInt64")
    func uint64() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("u.h5")
        let values: [UInt64] = [0, 1, UInt64(Int64.max), UInt64(Int64.max) + 1, .max]
        do {
            let file = try HDF5File.create(path)
            try file.root.createDataset("u64", values: values, shape: [5])
            try file.root.createDataset("i64", values: [Int64(-1)])
            try file.root.createDataset("u8", values: [UInt8(200)])
            try file.close()
        }
        let file = try HDF5File.open(path)
        let u64 = try file.root.openDataset("u64")
        #expect(try u64.datatype == .integer(bits: 64, signed: false))
        #expect(try u64.read(as: UInt64.self) == values)
        // HDF5 would clamp these to Int64.max: refused instead.
        expectHDF5Error(.typeMismatch) { try u64.read(as: Int64.self) }
        expectHDF5Error(.typeMismatch) { try file.root.openDataset("i64").read(as: UInt64.self) }
        // Narrower unsigned data widens exactly.
        #expect(try file.root.openDataset("u8").read(as: UInt64.self) == [200])
    }
}
