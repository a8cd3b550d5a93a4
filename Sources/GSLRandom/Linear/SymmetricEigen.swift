internal import CGSL

/// Eigenvalues and eigenvectors of a real symmetric matrix through GSL (`gsl_eigen_symmv`: Householder
/// tridiagonalization and implicit symmetric QR), sorted by ascending eigenvalue
/// (`gsl_eigen_symmv_sort`). Deterministic: the same matrix gives the same bits on every run.
public struct SymmetricEigen: Sendable, Hashable {
    /// The eigenvalues, ascending.
    public let values: [Double]
    /// The eigenvectors as columns of a row-major `size x size` matrix: `vectors[row * size + column]`
    /// is coordinate `row` of the eigenvector of `values[column]`. They are orthonormal.
    public let vectors: [Double]
    /// The matrix order.
    public let size: Int

    /// Decomposes the row-major `size x size` symmetric `matrix` (only its lower triangle is read).
    ///
    /// - Throws: ``LinearAlgebraError`` when `matrix` has not `size²` entries, holds a NaN or an
    ///   infinity, or GSL does not converge.
    public init(_ matrix: [Double], size: Int) throws(LinearAlgebraError) {
        guard size > 0 else { throw LinearAlgebraError(message: "an eigendecomposition needs a matrix of order at least 1, not \(size)") }
        guard matrix.count == size * size else {
            throw LinearAlgebraError(message: "a \(size) x \(size) matrix needs \(size * size) entries, got \(matrix.count)")
        }
        guard matrix.allSatisfy(\.isFinite) else { throw LinearAlgebraError(message: "the matrix holds a NaN or an infinite entry") }
        _ = GSL.setUp
        var work = matrix
        var values = [Double](repeating: 0, count: size)
        var vectors = [Double](repeating: 0, count: size * size)
        guard let workspace = gsl_eigen_symmv_alloc(size) else {
            throw LinearAlgebraError(message: "GSL could not allocate the workspace of a \(size) x \(size) eigendecomposition")
        }
        defer { gsl_eigen_symmv_free(workspace) }
        let status = work.withUnsafeMutableBufferPointer { a in
            values.withUnsafeMutableBufferPointer { eval in
                vectors.withUnsafeMutableBufferPointer { evec in
                    var aView = gsl_matrix_view_array(a.baseAddress, size, size)
                    var valueView = gsl_vector_view_array(eval.baseAddress, size)
                    var vectorView = gsl_matrix_view_array(evec.baseAddress, size, size)
                    let status = gsl_eigen_symmv(&aView.matrix, &valueView.vector, &vectorView.matrix, workspace)
                    guard status == GSL_SUCCESS else { return status }
                    return gsl_eigen_symmv_sort(&valueView.vector, &vectorView.matrix, GSL_EIGEN_SORT_VAL_ASC)
                }
            }
        }
        guard status == GSL_SUCCESS else {
            throw LinearAlgebraError(message: "GSL's symmetric eigensolver failed on a \(size) x \(size) matrix", status: status)
        }
        self.values = values
        self.vectors = vectors
        self.size = size
    }
}
