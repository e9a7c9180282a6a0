package io.github.tapegrad.autograd.kernels;

import java.util.Arrays;

/**
 * Single-threaded cache-blocked double GEMM in plain Java, for JVMs without the Vector API (one source for
 * both dtypes, see pom.xml).
 *
 * <p>C2 only auto-vectorises {@code c[j] += a * b[j]} when every array in the loop is indexed by the same plain
 * {@code j}; with distinct offsets ({@code c[ci + j] += a * b[bk + j]}) it stays scalar. So a KC×NC block of op(B)
 * is copied into separate row arrays, four rows of C are accumulated in separate scratch rows, and the hot loop
 * touches only {@code row[j]}. Four C rows per pass share each load of B.
 */
final class BlockedJavaGemmF64 {

  private static final int KC = 256;
  private static final int NC = 512;
  private static final int ROWS = 4;

  private BlockedJavaGemmF64() {
  }

  static void gemm(boolean transA, boolean transB, int m, int n, int k,
                   double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                   double[] c, int cOff, int ldc, boolean accumulate) {
    PackingBuffers buffers = PackingBuffers.get();
    double[][] panel = buffers.doublePanelRows(KC, NC);
    double[][] acc = buffers.doubleAccRows(ROWS, NC);
    // Element (i, p) of op(A) is a[aOff + i * aRow + p * aCol].
    int aRow = transA ? 1 : lda;
    int aCol = transA ? lda : 1;
    for (int jc = 0; jc < n; jc += NC) {
      int nc = Math.min(NC, n - jc);
      for (int pc = 0; pc < k; pc += KC) {
        int kc = Math.min(KC, k - pc);
        packB(transB, b, bOff, ldb, pc, kc, jc, nc, panel);
        boolean add = accumulate || pc > 0;
        int i = 0;
        for (; i + ROWS <= m; i += ROWS) {
          fourRows(a, aOff + i * aRow + pc * aCol, aRow, aCol, kc, nc, panel, acc,
              c, cOff + i * ldc + jc, ldc, add);
        }
        for (; i < m; i++) {
          oneRow(a, aOff + i * aRow + pc * aCol, aCol, kc, nc, panel, acc[0], c, cOff + i * ldc + jc, add);
        }
      }
    }
  }

  private static void packB(boolean transB, double[] b, int bOff, int ldb, int pc, int kc, int jc, int nc,
                            double[][] panel) {
    if (!transB) {
      for (int p = 0; p < kc; p++) {
        System.arraycopy(b, bOff + (pc + p) * ldb + jc, panel[p], 0, nc);
      }
    } else {
      // Cache-blocked transpose: 16 panel rows at a time stay in L1 while every source row gives one cache line.
      for (int p0 = 0; p0 < kc; p0 += 16) {
        int pEnd = Math.min(kc, p0 + 16);
        for (int j = 0; j < nc; j++) {
          int src = bOff + (jc + j) * ldb + pc;
          for (int p = p0; p < pEnd; p++) {
            panel[p][j] = b[src + p];
          }
        }
      }
    }
  }

  private static void fourRows(double[] a, int ao, int aRow, int aCol, int kc, int nc, double[][] panel,
                               double[][] acc, double[] c, int co, int ldc, boolean add) {
    double[] c0 = acc[0];
    double[] c1 = acc[1];
    double[] c2 = acc[2];
    double[] c3 = acc[3];
    load(c, co, c0, nc, add);
    load(c, co + ldc, c1, nc, add);
    load(c, co + 2 * ldc, c2, nc, add);
    load(c, co + 3 * ldc, c3, nc, add);
    // One k step per pass: unrolling two steps into `c0[j] += a00 * u + a01 * v` stops C2 vectorising the loop
    // (measured 12 vs 40 GFLOP/s on the LSTM gate shape).
    for (int p = 0; p < kc; p++) {
      int x = ao + p * aCol;
      double a0 = a[x];
      double a1 = a[x + aRow];
      double a2 = a[x + 2 * aRow];
      double a3 = a[x + 3 * aRow];
      double[] b0 = panel[p];
      for (int j = 0; j < nc; j++) {
        double u = b0[j];
        c0[j] += a0 * u;
        c1[j] += a1 * u;
        c2[j] += a2 * u;
        c3[j] += a3 * u;
      }
    }
    System.arraycopy(c0, 0, c, co, nc);
    System.arraycopy(c1, 0, c, co + ldc, nc);
    System.arraycopy(c2, 0, c, co + 2 * ldc, nc);
    System.arraycopy(c3, 0, c, co + 3 * ldc, nc);
  }

  private static void oneRow(double[] a, int ao, int aCol, int kc, int nc, double[][] panel,
                             double[] c0, double[] c, int co, boolean add) {
    load(c, co, c0, nc, add);
    for (int p = 0; p < kc; p++) {
      double a0 = a[ao + p * aCol];
      double[] b0 = panel[p];
      for (int j = 0; j < nc; j++) {
        c0[j] += a0 * b0[j];
      }
    }
    System.arraycopy(c0, 0, c, co, nc);
  }

  /** Scratch row starts as the current C row when accumulating, else zero (C's old contents are never read). */
  private static void load(double[] c, int co, double[] row, int nc, boolean add) {
    if (add) {
      System.arraycopy(c, co, row, 0, nc);
    } else {
      Arrays.fill(row, 0, nc, 0);
    }
  }
}
