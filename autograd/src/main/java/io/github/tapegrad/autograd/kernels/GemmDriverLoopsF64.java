package io.github.tapegrad.autograd.kernels;

import java.util.Arrays;

/** {@link GemmDriver}'s body in double (one source for both dtypes, see pom.xml). */
final class GemmDriverLoopsF64 {

  private GemmDriverLoopsF64() {
  }

  static void gemm(GemmBackend backend, boolean transA, boolean transB, int m, int n, int k,
                   double[] a, int aOff, double[] b, int bOff, double[] c, int cOff, boolean accumulate) {
    GemmShapes.check(transA, transB, m, n, k, a.length, aOff, b.length, bOff, c.length, cOff, "float64");
    if (m == 0 || n == 0) {
      return;
    }
    if (k == 0) {
      if (!accumulate) {
        Arrays.fill(c, cOff, cOff + m * n, 0);
      }
      return;
    }
    if ((long) m * n * k <= GemmDriver.TINY_WORK) {
      TinyGemmF64.gemm(transA, transB, m, n, k, a, aOff, b, bOff, c, cOff, accumulate);
      return;
    }
    int lda = transA ? m : k;
    int ldb = transB ? k : n;
    int cols = backend.columnBlock(Double.BYTES);
    int rows = backend.rowBlock();
    if (GemmDriver.splitColumns(m, n, cols, rows)) {
      Parallel.forRange(GemmShapes.ceilDiv(n, cols), 2L * m * k * cols, (from, to) -> {
        int j0 = from * cols;
        int j1 = Math.min(n, to * cols);
        backend.gemm(transA, transB, m, j1 - j0, k, a, aOff, lda,
            b, transB ? bOff + j0 * ldb : bOff + j0, ldb, c, cOff + j0, n, accumulate);
      });
    } else {
      Parallel.forRange(GemmShapes.ceilDiv(m, rows), 2L * n * k * rows, (from, to) -> {
        int i0 = from * rows;
        int i1 = Math.min(m, to * rows);
        backend.gemm(transA, transB, i1 - i0, n, k, a, transA ? aOff + i0 : aOff + i0 * lda, lda,
            b, bOff, ldb, c, cOff + i0 * n, n, accumulate);
      });
    }
  }
}
