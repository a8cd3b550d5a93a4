import Foundation
import GSLRandom
import PypetCore
@testable import PypetStorage
import PypetTestSupport
import Testing

@Suite("numpy .npz archives of sparse matrices")
struct NumpyArchiveTests {
    /// Archives numpy and scipy wrote: compressed and stored, big-endian, Fortran-ordered, every format.
    static func archives() throws -> [String: String] {
        let output = try Python.run(
            """
            import io, json
            import numpy as np, scipy.sparse as sp
            dense = np.array([[0, 1.5, 0, 0], [2.0, 0, -3.0, 0], [0, 0, 0, 4.0], [5, 0, 0, 0]])
            out = {}
            for fmt in ["csr", "csc", "bsr", "dia", "coo"]:
                for compressed in [True, False]:
                    f = io.BytesIO()
                    sp.save_npz(f, getattr(sp, fmt + "_matrix")(dense), compressed=compressed)
                    out["%s-%s" % (fmt, compressed)] = f.getvalue().hex()
            # Big-endian integers and floats, a Fortran-ordered dia data block, duplicates in coo.
            f = io.BytesIO()
            m = sp.dia_matrix(dense)
            np.savez(f, offsets=m.offsets.astype(">i8"), data=np.asfortranarray(m.data.astype(">f8")),
                     format=np.array(b"dia"), shape=np.array(m.shape, dtype=">i4"))
            out["dia-bigendian-fortran"] = f.getvalue().hex()
            f = io.BytesIO()
            np.savez(f, row=np.array([0, 0, 1, 2, 3, 1]), col=np.array([1, 1, 0, 3, 0, 2]),
                     data=np.array([1.0, 0.5, 2.0, 4.0, 5.0, -3.0]), format=np.array(b"coo"), shape=np.array([4, 4]))
            out["coo-duplicates"] = f.getvalue().hex()
            print(json.dumps(out))
            """)
        return try #require(try JSONSerialization.jsonObject(with: Data(output.standardOutput.utf8)) as? [String: String])
    }

    static let expected: [Double] = [0, 1.5, 0, 0, 2, 0, -3, 0, 0, 0, 0, 4, 5, 0, 0, 0]

    static func dense(_ matrix: SparseMatrix) -> [Double] {
        (0..<matrix.rows).flatMap { row in (0..<matrix.columns).map { matrix[row, $0] ?? .nan } }
    }

    @Test("every format, compressed or stored, big-endian and Fortran-ordered arrays, summed duplicates")
    func decodesEveryFormat() throws {
        for (name, hex) in try Self.archives().sorted(by: { $0.key < $1.key }) {
            let matrix = try SparseDecoding.matrix(hex: hex, item: name)
            #expect(matrix.rows == 4 && matrix.columns == 4, "\(name)")
            #expect(Self.dense(matrix) == Self.expected, "\(name)")
        }
        // What swift-pypet writes decodes to the same matrix.
        let matrix = try SparseMatrix(dense: Self.expected, rows: 4, columns: 4)
        #expect(try SparseDecoding.matrix(hex: SparseParameterLayout.hex(of: matrix), item: "own") == matrix)
    }

    /// Random byte flips and truncations of valid archives: each decodes or is a typed error, never a crash
    /// (the test process would die) and never a wrong-sized matrix.
    @Test("3,000 damaged archives: each decodes or is a StorageError")
    func damagedArchives() throws {
        let sources = try Self.archives().sorted(by: { $0.key < $1.key }).map { Array($0.value.utf8) }
        let stream = try RandomStream(seed: 15)
        var outcomes = (decoded: 0, errors: 0)
        for trial in 0..<3000 {
            var hex = sources[trial % sources.count]
            if trial % 3 == 0 {
                hex = Array(hex.prefix(stream.integer(in: 0...(hex.count / 2)) * 2))
            } else {
                for _ in 0...stream.integer(in: 0...6) {
                    hex[stream.integer(in: 0...(hex.count - 1))] = Array("0123456789abcdef".utf8)[stream.integer(in: 0...15)]
                }
            }
            do {
                let matrix = try SparseDecoding.matrix(hex: String(decoding: hex, as: UTF8.self), item: "m")
                #expect(matrix.rowPointers.count == matrix.rows + 1)
                outcomes.decoded += 1
            } catch {
                #expect(!error.message.isEmpty)
                outcomes.errors += 1
            }
        }
        #expect(outcomes.errors > 500 && outcomes.decoded + outcomes.errors == 3000, "\(outcomes)")
    }
}
