import GSLRandom
import Testing

@Suite("GSL symmetric eigendecomposition")
struct SymmetricEigenTests {
    @Test("a 2 x 2 matrix with known eigenpairs")
    func knownPairs() throws {
        // [[2, 1], [1, 2]]: eigenvalues 1 and 3, eigenvectors (1, -1)/√2 and (1, 1)/√2.
        let eigen = try SymmetricEigen([2, 1, 1, 2], size: 2)
        #expect(abs(eigen.values[0] - 1) < 1e-14 && abs(eigen.values[1] - 3) < 1e-14)
        let s = 1 / 2.0.squareRoot()
        #expect(abs(abs(eigen.vectors[0 * 2 + 0]) - s) < 1e-14 && abs(eigen.vectors[0 * 2 + 0] + eigen.vectors[1 * 2 + 0]) < 1e-14)
        #expect(abs(eigen.vectors[0 * 2 + 1] - eigen.vectors[1 * 2 + 1]) < 1e-14)
    }

    @Test("reconstructs a 6 x 6 matrix: B diag(values) Bᵀ = A")
    func reconstruction() throws {
        let n = 6
        var a = [Double](repeating: 0, count: n * n)
        for i in 0..<n { for j in 0...i { let v = 1 / Double(i + j + 1) + (i == j ? 1 : 0); a[i * n + j] = v; a[j * n + i] = v } }
        let eigen = try SymmetricEigen(a, size: n)
        #expect(zip(eigen.values, eigen.values.dropFirst()).allSatisfy { $0 <= $1 })
        for i in 0..<n {
            for j in 0..<n {
                var sum = 0.0
                for k in 0..<n { sum += eigen.vectors[i * n + k] * eigen.values[k] * eigen.vectors[j * n + k] }
                #expect(abs(sum - a[i * n + j]) < 1e-12)
            }
        }
    }

    @Test("bad input is a typed error, not a crash")
    func badInput() {
        #expect(throws: LinearAlgebraError.self) { try SymmetricEigen([1, 2, 3], size: 2) }
        #expect(throws: LinearAlgebraError.self) { try SymmetricEigen([1, .nan, .nan, 1], size: 2) }
        #expect(throws: LinearAlgebraError.self) { try SymmetricEigen([], size: 0) }
    }
}
