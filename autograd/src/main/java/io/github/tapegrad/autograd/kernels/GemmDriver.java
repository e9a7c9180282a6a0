package io.github.tapegrad.autograd.kernels;

/**
 * Shared front half of every GEMM: argument checks, degenerate and tiny shapes, and the split of C into column
 * (or, for tall thin products, row) slices that {@link Parallel} hands to threads. Each slice is an ordinary
 * single-threaded backend call on a sub-block, addressed through the operands' leading dimensions. The bodies
 * are {@link GemmDriverLoopsF64} and its generated float32 copy.
 */
final class GemmDriver {

  /** At or below this many multiply-adds, packing and thread hand-off cost more than they save. */
  static final long TINY_WORK = 8 * 8 * 8 * 8;

  private GemmDriver() {
  }

  static void gemm(GemmBackend backend, boolean transA, boolean transB, int m, int n, int k,
                   float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, boolean accumulate) {
    GemmDriverLoopsF32.gemm(backend, transA, transB, m, n, k, a, aOff, b, bOff, c, cOff, accumulate);
  }

  static void gemm(GemmBackend backend, boolean transA, boolean transB, int m, int n, int k,
                   double[] a, int aOff, double[] b, int bOff, double[] c, int cOff, boolean accumulate) {
    GemmDriverLoopsF64.gemm(backend, transA, transB, m, n, k, a, aOff, b, bOff, c, cOff, accumulate);
  }

  /**
   * C = or += op(A)·op(B) with op(B) pre-packed ({@link GemmBackend#packB}), split across threads exactly as
   * {@link #gemm} splits (whole column panels, or row strips for tall thin products). Callers checked the regions
   * and that the product is not tiny.
   */
  static void gemmPacked(GemmBackend backend, boolean transA, int m, int n, int k, Object a, int aOff,
                         Object packed, Object c, int cOff, boolean accumulate, int elementBytes) {
    int lda = transA ? m : k;
    int cols = backend.columnBlock(elementBytes);
    int rows = backend.rowBlock();
    if (splitColumns(m, n, cols, rows)) {
      Parallel.forRange(GemmShapes.ceilDiv(n, cols), 2L * m * k * cols, (from, to) -> {
        int j0 = from * cols;
        int j1 = Math.min(n, to * cols);
        backend.gemmPacked(transA, m, j1 - j0, k, a, aOff, lda, packed, j0, n, c, cOff + j0, n, accumulate);
      });
    } else {
      Parallel.forRange(GemmShapes.ceilDiv(m, rows), 2L * n * k * rows, (from, to) -> {
        int i0 = from * rows;
        int i1 = Math.min(m, to * rows);
        backend.gemmPacked(transA, i1 - i0, n, k, a, transA ? aOff + i0 : aOff + i0 * lda, lda, packed, 0, n,
            c, cOff + i0 * n, n, accumulate);
      });
    }
  }

  /**
   * Column slices keep each thread's share of packed B disjoint but make every thread pack all of op(A); row slices
   * the reverse. When both sides have enough panels to go round, split the longer side, so the operand every thread
   * packs whole is the smaller one: an LSTM's weight gradient dGᵀ·h ([4H × T·B]·[T·B × H]) splits by rows (measured
   * with {@code bench gemm} on 2 threads: config A's 1.3–1.5×, config B's 1.2× faster than by columns), the per-step
   * h·W_hhᵀ by columns. Otherwise split the side with more panels. The split never changes a product's bits.
   */
  static boolean splitColumns(int m, int n, int colBlock, int rowBlock) {
    int threads = Parallel.threads();
    int colItems = GemmShapes.ceilDiv(n, colBlock);
    int rowItems = GemmShapes.ceilDiv(m, rowBlock);
    boolean colsFeed = colItems >= 2 * threads;
    boolean rowsFeed = rowItems >= 2 * threads;
    if (colsFeed && rowsFeed) {
      return n >= m;
    }
    if (colsFeed != rowsFeed) {
      return colsFeed;
    }
    return colItems >= rowItems;
  }
}
