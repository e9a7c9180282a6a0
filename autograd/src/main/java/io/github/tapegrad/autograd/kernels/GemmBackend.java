package io.github.tapegrad.autograd.kernels;

/**
 * A single-threaded GEMM kernel over one block of C, with explicit leading dimensions so that a driver can hand
 * each thread a column or row slice of the product. Callers guarantee {@code m, n, k >= 1} and valid regions.
 *
 * <p>{@code C = op(A)·op(B)} (or {@code C += ...} when accumulating), where A holds {@code op(A)} row-major with
 * leading dimension {@code lda} (stored transposed when {@code transA}); likewise B; C has leading dimension {@code ldc}.
 */
interface GemmBackend {

  /** Short name for {@link MatMul#kernelName()}, e.g. "vector-api 512-bit 4x4". */
  String name();

  /** Column count a driver should split N by (the micro-kernel width), so slices start on panel boundaries. */
  int columnBlock(int elementBytes);

  /** Row count a driver should split M by (the micro-kernel height). */
  int rowBlock();

  void gemm(boolean transA, boolean transB, int m, int n, int k,
            float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
            float[] c, int cOff, int ldc, boolean accumulate);

  void gemm(boolean transA, boolean transB, int m, int n, int k,
            double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
            double[] c, int cOff, int ldc, boolean accumulate);

  /** Whether this backend multiplies by a pre-packed B ({@link #packB}); the plain-Java kernels do not. */
  default boolean packsB() {
    return false;
  }

  /**
   * op(B) [k×n] (stored at {@code bOff}, row-major, transposed when {@code transB}) in the panel layout of
   * {@link #gemmPacked}: a new float[] or double[], or {@code reuse} when it has the right type and length.
   */
  default Object packB(boolean transB, int k, int n, Object b, int bOff, Object reuse) {
    throw new UnsupportedOperationException(name() + " does not pre-pack B");
  }

  /**
   * C's columns {@code colStart..colStart+n} of op(A)·op(B) with op(B) from {@link #packB} of a [k×nTotal] matrix;
   * {@code colStart} is a multiple of {@link #columnBlock}. Bits equal {@link #gemm}'s for the same product.
   */
  default void gemmPacked(boolean transA, int m, int n, int k, Object a, int aOff, int lda, Object packed,
                          int colStart, int nTotal, Object c, int cOff, int ldc, boolean accumulate) {
    throw new UnsupportedOperationException(name() + " does not pre-pack B");
  }
}
