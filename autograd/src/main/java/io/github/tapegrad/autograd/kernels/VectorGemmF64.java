package io.github.tapegrad.autograd.kernels;

import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Single-threaded double GEMM with the Vector API (one source for both dtypes, see pom.xml), GotoBLAS style: op(B) is packed into k-major strips
 * NR = 4 vectors wide, op(A) into k-major strips of MR = 4 rows, and a register-blocked micro-kernel keeps a 4×4-vector
 * tile of C in registers (16 accumulators) while streaming both strips. Packing is also what absorbs the transposes.
 * Loaded only when the jdk.incubator.vector module is present.
 */
final class VectorGemmF64 {

  static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
  static final int L = S.length();
  static final int MR = 4;
  static final int NR = 4 * L;
  /** Depth of one packed block: a B strip of KC×NR doubles stays in L2 while all A strips pass over it. */
  private static final int KC = 384;
  /** Rows of A packed at once (multiple of MR); MC×KC doubles stay in L2. */
  private static final int MC = 144;
  /** Columns of B packed at once (multiple of NR). */
  private static final int NC = 2048;

  private VectorGemmF64() {
  }

  static void gemm(boolean transA, boolean transB, int m, int n, int k,
                   double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                   double[] c, int cOff, int ldc, boolean accumulate) {
    PackingBuffers buffers = PackingBuffers.get();
    int kcMax = GemmShapes.ceilDiv(k, GemmShapes.ceilDiv(k, KC));
    int mcMax = GemmShapes.roundUp(GemmShapes.ceilDiv(m, GemmShapes.ceilDiv(m, MC)), MR);
    double[] tile = buffers.doubleTile(MR * NR);
    for (int jc = 0; jc < n; jc += NC) {
      int nc = Math.min(NC, n - jc);
      for (int pc = 0; pc < k; pc += kcMax) {
        int kc = Math.min(kcMax, k - pc);
        double[] bp = buffers.doubleB(GemmShapes.roundUp(nc, NR) * kc);
        packB(transB, b, bOff, ldb, pc, kc, jc, nc, bp);
        boolean add = accumulate || pc > 0;
        for (int ic = 0; ic < m; ic += mcMax) {
          int mc = Math.min(mcMax, m - ic);
          double[] ap = buffers.doubleA(GemmShapes.roundUp(mc, MR) * kc);
          packA(transA, a, aOff, lda, ic, mc, pc, kc, ap);
          macroKernel(mc, nc, kc, ap, bp, c, cOff + ic * ldc + jc, ldc, add, tile);
        }
      }
    }
  }

  /** op(B)[pc..pc+kc)[jc..jc+nc) into strips: strip s holds, for each p, NR consecutive columns (zero-padded). */
  static void packB(boolean transB, double[] b, int bOff, int ldb, int pc, int kc, int jc, int nc, double[] bp) {
    for (int j0 = 0; j0 < nc; j0 += NR) {
      int cols = Math.min(NR, nc - j0);
      int strip = j0 * kc;
      if (!transB) {
        int src = bOff + pc * ldb + jc + j0;
        for (int p = 0, dst = strip; p < kc; p++, src += ldb, dst += NR) {
          System.arraycopy(b, src, bp, dst, cols);
        }
      } else {
        // op(B)[p][j] = B[j][p]: a cache-blocked transpose. A run of 16 p for all NR columns writes a 16-row
        // block of the strip that stays in L1, and reads one cache line from each source row. (Walking p outermost
        // across all rows thrashes L1 when ldb is a power of two; j outermost writes with an NR stride.)
        for (int p0 = 0; p0 < kc; p0 += 16) {
          int pEnd = Math.min(kc, p0 + 16);
          for (int j = 0; j < cols; j++) {
            int src = bOff + (jc + j0 + j) * ldb + pc;
            for (int p = p0, dst = strip + p0 * NR + j; p < pEnd; p++, dst += NR) {
              bp[dst] = b[src + p];
            }
          }
        }
      }
      if (cols < NR) {
        for (int p = 0, dst = strip; p < kc; p++, dst += NR) {
          Arrays.fill(bp, dst + cols, dst + NR, 0);
        }
      }
    }
  }

  /** op(A)[ic..ic+mc)[pc..pc+kc) into strips of MR rows: strip r holds, for each p, MR consecutive row values. */
  static void packA(boolean transA, double[] a, int aOff, int lda, int ic, int mc, int pc, int kc, double[] ap) {
    for (int i0 = 0; i0 < mc; i0 += MR) {
      int rows = Math.min(MR, mc - i0);
      int strip = i0 * kc;
      if (!transA) {
        for (int r = 0; r < rows; r++) {
          int src = aOff + (ic + i0 + r) * lda + pc;
          for (int p = 0, dst = strip + r; p < kc; p++, dst += MR) {
            ap[dst] = a[src + p];
          }
        }
      } else {
        int src = aOff + pc * lda + ic + i0;
        for (int p = 0, dst = strip; p < kc; p++, src += lda, dst += MR) {
          for (int r = 0; r < rows; r++) {
            ap[dst + r] = a[src + r];
          }
        }
      }
      // Rows past `rows` in a short strip are never read: the row-count switch below picks narrower kernels.
    }
  }

  private static void macroKernel(int mc, int nc, int kc, double[] ap, double[] bp,
                                  double[] c, int cOff, int ldc, boolean add, double[] tile) {
    for (int j0 = 0; j0 < nc; j0 += NR) {
      int cols = Math.min(NR, nc - j0);
      int bo = j0 * kc;
      for (int i0 = 0; i0 < mc; i0 += MR) {
        int rows = Math.min(MR, mc - i0);
        rowsKernel(rows, kc, ap, i0 * kc, bp, bo, tile);
        mergeTile(rows, cols, tile, c, cOff + i0 * ldc + j0, ldc, add);
      }
    }
  }

  /**
   * Kernel size is bounded by C2's inlining node budget (NodeCountInliningCutoff): a Vector API call left
   * un-inlined boxes its vectors, and a box on a loop-carried accumulator allocates every iteration (a hundredfold
   * slowdown). A 6-row kernel with its 24 stores exceeds the budget on JDK 17; 4 rows × 4 vectors fits, and on
   * AVX-512 Zen 4 (one 512-bit FMA per cycle) 16 accumulators already hide the FMA latency. The kernels write to a
   * small L1-resident tile and {@link #mergeTile} adds it into C, keeping the conditional load-add out of them.
   */
  private static void rowsKernel(int rows, int kc, double[] ap, int ao, double[] bp, int bo, double[] tile) {
    switch (rows) {
      case 4 -> kernel4(kc, ap, ao, bp, bo, tile, 0);
      case 3 -> {
        kernel2(kc, ap, ao, bp, bo, tile, 0);
        kernel1(kc, ap, ao + 2, bp, bo, tile, 2 * NR);
      }
      case 2 -> kernel2(kc, ap, ao, bp, bo, tile, 0);
      default -> kernel1(kc, ap, ao, bp, bo, tile, 0);
    }
  }

  /** C[rows×cols] (+)= tile; the ragged right edge (cols < NR) goes through scalar code. */
  private static void mergeTile(int rows, int cols, double[] tile, double[] c, int co, int ldc, boolean add) {
    for (int r = 0; r < rows; r++, co += ldc) {
      int t = r * NR;
      if (cols == NR) {
        for (int v = 0; v < NR; v += L) {
          DoubleVector x = DoubleVector.fromArray(S, tile, t + v);
          if (add) {
            x = x.add(DoubleVector.fromArray(S, c, co + v));
          }
          x.intoArray(c, co + v);
        }
      } else if (add) {
        for (int j = 0; j < cols; j++) {
          c[co + j] += tile[t + j];
        }
      } else {
        System.arraycopy(tile, t, c, co, cols);
      }
    }
  }

  private static void kernel4(int kc, double[] ap, int ao, double[] bp, int bo, double[] tile, int to) {
    DoubleVector c00 = DoubleVector.zero(S), c01 = c00, c02 = c00, c03 = c00;
    DoubleVector c10 = c00, c11 = c00, c12 = c00, c13 = c00;
    DoubleVector c20 = c00, c21 = c00, c22 = c00, c23 = c00;
    DoubleVector c30 = c00, c31 = c00, c32 = c00, c33 = c00;
    for (int p = 0; p < kc; p++, ao += MR, bo += NR) {
      DoubleVector b0 = DoubleVector.fromArray(S, bp, bo);
      DoubleVector b1 = DoubleVector.fromArray(S, bp, bo + L);
      DoubleVector b2 = DoubleVector.fromArray(S, bp, bo + 2 * L);
      DoubleVector b3 = DoubleVector.fromArray(S, bp, bo + 3 * L);
      DoubleVector av = DoubleVector.broadcast(S, ap[ao]);
      c00 = av.fma(b0, c00); c01 = av.fma(b1, c01); c02 = av.fma(b2, c02); c03 = av.fma(b3, c03);
      av = DoubleVector.broadcast(S, ap[ao + 1]);
      c10 = av.fma(b0, c10); c11 = av.fma(b1, c11); c12 = av.fma(b2, c12); c13 = av.fma(b3, c13);
      av = DoubleVector.broadcast(S, ap[ao + 2]);
      c20 = av.fma(b0, c20); c21 = av.fma(b1, c21); c22 = av.fma(b2, c22); c23 = av.fma(b3, c23);
      av = DoubleVector.broadcast(S, ap[ao + 3]);
      c30 = av.fma(b0, c30); c31 = av.fma(b1, c31); c32 = av.fma(b2, c32); c33 = av.fma(b3, c33);
    }
    storeRow(c00, c01, c02, c03, tile, to);
    storeRow(c10, c11, c12, c13, tile, to + 1 * NR);
    storeRow(c20, c21, c22, c23, tile, to + 2 * NR);
    storeRow(c30, c31, c32, c33, tile, to + 3 * NR);
  }

  private static void kernel2(int kc, double[] ap, int ao, double[] bp, int bo, double[] tile, int to) {
    DoubleVector c00 = DoubleVector.zero(S), c01 = c00, c02 = c00, c03 = c00;
    DoubleVector c10 = c00, c11 = c00, c12 = c00, c13 = c00;
    for (int p = 0; p < kc; p++, ao += MR, bo += NR) {
      DoubleVector b0 = DoubleVector.fromArray(S, bp, bo);
      DoubleVector b1 = DoubleVector.fromArray(S, bp, bo + L);
      DoubleVector b2 = DoubleVector.fromArray(S, bp, bo + 2 * L);
      DoubleVector b3 = DoubleVector.fromArray(S, bp, bo + 3 * L);
      DoubleVector av = DoubleVector.broadcast(S, ap[ao]);
      c00 = av.fma(b0, c00); c01 = av.fma(b1, c01); c02 = av.fma(b2, c02); c03 = av.fma(b3, c03);
      av = DoubleVector.broadcast(S, ap[ao + 1]);
      c10 = av.fma(b0, c10); c11 = av.fma(b1, c11); c12 = av.fma(b2, c12); c13 = av.fma(b3, c13);
    }
    storeRow(c00, c01, c02, c03, tile, to);
    storeRow(c10, c11, c12, c13, tile, to + 1 * NR);
  }

  private static void kernel1(int kc, double[] ap, int ao, double[] bp, int bo, double[] tile, int to) {
    DoubleVector c00 = DoubleVector.zero(S), c01 = c00, c02 = c00, c03 = c00;
    for (int p = 0; p < kc; p++, ao += MR, bo += NR) {
      DoubleVector av = DoubleVector.broadcast(S, ap[ao]);
      c00 = av.fma(DoubleVector.fromArray(S, bp, bo), c00);
      c01 = av.fma(DoubleVector.fromArray(S, bp, bo + L), c01);
      c02 = av.fma(DoubleVector.fromArray(S, bp, bo + 2 * L), c02);
      c03 = av.fma(DoubleVector.fromArray(S, bp, bo + 3 * L), c03);
    }
    storeRow(c00, c01, c02, c03, tile, to);
  }

  private static void storeRow(DoubleVector v0, DoubleVector v1, DoubleVector v2, DoubleVector v3, double[] tile, int to) {
    v0.intoArray(tile, to);
    v1.intoArray(tile, to + L);
    v2.intoArray(tile, to + 2 * L);
    v3.intoArray(tile, to + 3 * L);
  }
}
