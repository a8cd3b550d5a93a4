import ComplexModule
import Foundation
import PypetCore
import Testing

struct NeuronModel: PypetCustomValue {
    static let typeName = "NeuronModel"
    var name: String
    var thresholds: [Double]
}

struct Other: PypetCustomValue {
    static let typeName = "Other"
    var x: Int
}

@Suite("Values")
struct ValueTests {
    static func samples() throws -> [PypetValue] { [
        .bool(true), .int(Int.max), .int(Int.min), .double(-0.5), .float(1.5), .complex(Complex(1, -2)),
        .string("Grüße 世界"), .string(""),
        .array(try NDArray(shape: [2, 3], elements: .double([1, 2, 3, 4, 5, 6]))),
        .array(NDArray(["a", "b"])), .array(NDArray([true, false])),
        .list([1, 2, 3]), .dictionary(["a": 1, "b": "x", "c": 2.5]),
        .table(try DataTable([("x", .double([1, 2])), ("label", .string(["a", "b"]))])),
        .sparse(try SparseMatrix(dense: [0, 1, 0, 2, 0, 3], rows: 2, columns: 3)),
        .custom(try CustomValue(NeuronModel(name: "LIF", thresholds: [-50, -55]))),
    ] }

    @Test("every kind is Codable, Equatable and keeps 64-bit integers")
    func codable() throws {
        let samples = try Self.samples()
        let data = try JSONEncoder().encode(samples)
        let decoded = try JSONDecoder().decode([PypetValue].self, from: data)
        #expect(decoded == samples)
        #expect(try Int(pypetValue: decoded[1]) == Int.max)
    }

    @Test("typed extraction is strict and says what it found")
    func extraction() throws {
        #expect(try Double(pypetValue: .double(2)) == 2)
        #expect(try [Int](pypetValue: [1, 2]) == [1, 2])
        #expect(try [String: Double](pypetValue: ["a": 1.5]) == ["a": 1.5])
        #expect(try Complex<Double>(pypetValue: .complex(Complex(0, 1))) == Complex(0, 1))
        let error = expectTrajectoryError(.typeMismatch) { try Double(pypetValue: .int(1)) }
        #expect(error?.message.contains("Int") == true)
        expectTrajectoryError(.typeMismatch) { try Float(pypetValue: .double(1)) }
        expectTrajectoryError(.typeMismatch) { try [Int](pypetValue: [1, "x"]) }
        expectTrajectoryError(.typeMismatch) { try String(pypetValue: .list(["x"])) }
    }

    @Test("arrays, tables and sparse matrices validate their structure")
    func structures() throws {
        expectTrajectoryError(.invalidValue) { try NDArray(shape: [2, 2], elements: .int([1, 2, 3])) }
        expectTrajectoryError(.invalidValue) { try NDArray(shape: [-1], elements: .int([])) }
        #expect(try NDArray(shape: [], elements: .int([7])).count == 1)
        expectTrajectoryError(.unequalLengths) { try DataTable([("a", .int([1])), ("b", .int([1, 2]))]) }
        expectTrajectoryError(.invalidValue) { try DataTable([("a", .int([1])), ("a", .int([2]))]) }
        let table = try DataTable([("a", .int([1, 2])), ("b", .bool([true, false]))])
        #expect(table.rowCount == 2 && table[column: "b"] == .bool([true, false]))
        let sparse = try SparseMatrix(dense: [0, 1, 0, 2, 0, 3], rows: 2, columns: 3)
        #expect(sparse.values == [1, 2, 3] && sparse.columnIndices == [1, 0, 2] && sparse.rowPointers == [0, 1, 3])
        #expect(sparse[1, 2] == 3 && sparse[0, 0] == 0 && sparse[2, 0] == nil)
        expectTrajectoryError(.invalidValue) {
            try SparseMatrix(rows: 1, columns: 1, values: [1], columnIndices: [3], rowPointers: [0, 1])
        }
    }

    @Test("custom types round-trip by registered name; unknown names are typed errors")
    func customTypes() throws {
        let model = NeuronModel(name: "LIF", thresholds: [-50])
        let wrapped = try CustomValue(model)
        #expect(wrapped.typeName == "NeuronModel")
        #expect(try wrapped.decode(as: NeuronModel.self) == model)
        expectTrajectoryError(.typeMismatch) { try wrapped.decode(as: Other.self) }
        var registry = CustomTypeRegistry()
        expectTrajectoryError(.notFound) { try registry.decode(wrapped) }
        registry.register(NeuronModel.self)
        #expect(registry.typeNames == ["NeuronModel"])
        #expect(try registry.decode(wrapped) as? NeuronModel == model)
        let broken = CustomValue(typeName: "NeuronModel", payload: Array("{".utf8))
        expectTrajectoryError(.typeMismatch) { try registry.decode(broken) }
        // Equal values have equal bytes (sorted keys), so equality is meaningful.
        #expect(try CustomValue(model) == wrapped)
    }

    @Test("parameter values: scalars, non-empty arrays, homogeneous lists, custom values")
    func parameterValues() throws {
        #expect(PypetValue.double(1).isParameterValue)
        #expect(PypetValue.list([1, 2]).isParameterValue)
        #expect(!PypetValue.list([]).isParameterValue)
        #expect(!PypetValue.list([1, "x"]).isParameterValue)
        #expect(!PypetValue.list([[1]]).isParameterValue)
        #expect(!PypetValue.array(NDArray([Double]())).isParameterValue)
        #expect(!PypetValue.dictionary(["a": 1]).isParameterValue)
        #expect(PypetValue.array(NDArray([1.0])).hasSameType(as: .array(NDArray([2.0, 3.0]))))
        #expect(!PypetValue.array(NDArray([1.0])).hasSameType(as: .array(NDArray([1]))))
        #expect(!PypetValue.double(1).hasSameType(as: .float(1)))
    }
}
