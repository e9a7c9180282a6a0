package io.github.tapegrad.autograd.kernels;

import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Single-threaded double GEMM with the Vector API (one source for both dtypes, see pom.xml), GotoBLAS style: op(B) is
 * packed into k-major strips NR columns wide, op(A) into k-major strips of MR rows, and a register-blocked
 * micro-kernel keeps an MR × NR tile of C in registers while streaming both strips. Packing is also what absorbs the
 * transposes. The tile follows the machine's vector register count ({@link GemmTile}): 4 rows × 4 vectors where
 * there are 32 registers, 6 rows × 2 vectors where there are 16. Loaded only when the jdk.incubator.vector module is
 * present.
 */
final class VectorGemmF64 {

  static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
  static final int L = S.length();
  /** Columns of the wide (4 × 4 vectors) and narrow (6 × 2 vectors) tiles. */
  static final int NR4 = 4 * L;
  static final int NR2 = 2 * L;
  /**
   * Depth of one packed block: a B strip of KC×NR doubles stays in L1/L2 while all A strips pass over it. The same for
   * every tile, so that every tile sums each element in the same order (same bits).
   */
  private static final int KC = 384;
  /** Rows of A packed at once (a multiple of both tiles' MR); MC×KC doubles stay in L2. */
  private static final int MC = 144;
  /** Columns of B packed at once (a multiple of both tiles' NR). */
  private static final int NC = 2048;

  private VectorGemmF64() {
  }

  /** Columns per micro-tile of {@code tile}. */
  static int nr(GemmTile tile) {
    return tile == GemmTile.WIDE ? NR4 : NR2;
  }

  static void gemm(GemmTile tile, boolean transA, boolean transB, int m, int n, int k,
                   double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                   double[] c, int cOff, int ldc, boolean accumulate) {
    int mr = tile.rows;
    int nr = nr(tile);
    PackingBuffers buffers = PackingBuffers.get();
    int kcMax = GemmShapes.ceilDiv(k, GemmShapes.ceilDiv(k, KC));
    int mcMax = GemmShapes.roundUp(GemmShapes.ceilDiv(m, GemmShapes.ceilDiv(m, MC)), mr);
    double[] scratch = buffers.doubleTile(mr * nr);
    for (int jc = 0; jc < n; jc += NC) {
      int nc = Math.min(NC, n - jc);
      for (int pc = 0; pc < k; pc += kcMax) {
        int kc = Math.min(kcMax, k - pc);
        double[] bp = buffers.doubleB(GemmShapes.roundUp(nc, nr) * kc);
        packB(transB, b, bOff, ldb, pc, kc, jc, nc, bp, 0, nr);
        boolean add = accumulate || pc > 0;
        for (int ic = 0; ic < m; ic += mcMax) {
          int mc = Math.min(mcMax, m - ic);
          double[] ap = buffers.doubleA(GemmShapes.roundUp(mc, mr) * kc);
          packA(transA, a, aOff, lda, ic, mc, pc, kc, ap, mr);
          macroKernel(tile, mc, nc, kc, ap, bp, 0, c, cOff + ic * ldc + jc, ldc, add, scratch);
        }
      }
    }
  }

  /** Length of the array {@link #packWhole} fills for a [k×n] op(B). */
  static int packedLength(GemmTile tile, int k, int n) {
    return GemmShapes.roundUp(n, nr(tile)) * k;
  }

  /**
   * All of op(B) [k×n] packed as {@link #gemm} packs it block by block: k block q (rows pc..pc+kc) at {@code
   * pc·roundUp(n, NR)}, its strips of NR columns one after another. {@link #gemmPacked} then skips B's packing.
   */
  static void packWhole(GemmTile tile, boolean transB, int k, int n, double[] b, int bOff, int ldb, double[] out) {
    int nr = nr(tile);
    int nPad = GemmShapes.roundUp(n, nr);
    int kcMax = GemmShapes.ceilDiv(k, GemmShapes.ceilDiv(k, KC));
    for (int pc = 0; pc < k; pc += kcMax) {
      packB(transB, b, bOff, ldb, pc, Math.min(kcMax, k - pc), 0, n, out, pc * nPad, nr);
    }
  }

  /**
   * {@link #gemm} with op(B) already packed by {@link #packWhole} (of a [k×nTotal] matrix): this call computes C's
   * columns {@code colStart..colStart+n} of it ({@code colStart} a multiple of NR). The k blocks and kernels are
   * {@link #gemm}'s, so every element gets the same bits as there.
   */
  static void gemmPacked(GemmTile tile, boolean transA, int m, int n, int k, double[] a, int aOff, int lda,
                         double[] packed, int colStart, int nTotal, double[] c, int cOff, int ldc, boolean accumulate) {
    int mr = tile.rows;
    int nPad = GemmShapes.roundUp(nTotal, nr(tile));
    PackingBuffers buffers = PackingBuffers.get();
    int kcMax = GemmShapes.ceilDiv(k, GemmShapes.ceilDiv(k, KC));
    int mcMax = GemmShapes.roundUp(GemmShapes.ceilDiv(m, GemmShapes.ceilDiv(m, MC)), mr);
    double[] scratch = buffers.doubleTile(mr * nr(tile));
    for (int pc = 0; pc < k; pc += kcMax) {
      int kc = Math.min(kcMax, k - pc);
      boolean add = accumulate || pc > 0;
      for (int ic = 0; ic < m; ic += mcMax) {
        int mc = Math.min(mcMax, m - ic);
        double[] ap = buffers.doubleA(GemmShapes.roundUp(mc, mr) * kc);
        packA(transA, a, aOff, lda, ic, mc, pc, kc, ap, mr);
        macroKernel(tile, mc, n, kc, ap, packed, pc * nPad + colStart * kc, c, cOff + ic * ldc, ldc, add, scratch);
      }
    }
  }

  /**
   * op(B)[pc..pc+kc)[jc..jc+nc) into strips at {@code bp[bpOff..]}: strip s holds, for each p, {@code nr} consecutive
   * columns (zero-padded).
   */
  static void packB(boolean transB, double[] b, int bOff, int ldb, int pc, int kc, int jc, int nc,
                    double[] bp, int bpOff, int nr) {
    for (int j0 = 0; j0 < nc; j0 += nr) {
      int cols = Math.min(nr, nc - j0);
      int strip = bpOff + j0 * kc;
      if (!transB) {
        int src = bOff + pc * ldb + jc + j0;
        for (int p = 0, dst = strip; p < kc; p++, src += ldb, dst += nr) {
          System.arraycopy(b, src, bp, dst, cols);
        }
      } else {
        // op(B)[p][j] = B[j][p]: a cache-blocked transpose. A run of 16 p for all nr columns writes a 16-row
        // block of the strip that stays in L1, and reads one cache line from each source row. (Walking p outermost
        // across all rows thrashes L1 when ldb is a power of two; j outermost writes with an nr stride.)
        for (int p0 = 0; p0 < kc; p0 += 16) {
          int pEnd = Math.min(kc, p0 + 16);
          for (int j = 0; j < cols; j++) {
            int src = bOff + (jc + j0 + j) * ldb + pc;
            for (int p = p0, dst = strip + p0 * nr + j; p < pEnd; p++, dst += nr) {
              bp[dst] = b[src + p];
            }
          }
        }
      }
      if (cols < nr) {
        for (int p = 0, dst = strip; p < kc; p++, dst += nr) {
          Arrays.fill(bp, dst + cols, dst + nr, 0);
        }
      }
    }
  }

  /** op(A)[ic..ic+mc)[pc..pc+kc) into strips of mr rows: strip r holds, for each p, mr consecutive row values. */
  static void packA(boolean transA, double[] a, int aOff, int lda, int ic, int mc, int pc, int kc, double[] ap, int mr) {
    for (int i0 = 0; i0 < mc; i0 += mr) {
      int rows = Math.min(mr, mc - i0);
      int strip = i0 * kc;
      if (!transA) {
        for (int r = 0; r < rows; r++) {
          int src = aOff + (ic + i0 + r) * lda + pc;
          for (int p = 0, dst = strip + r; p < kc; p++, dst += mr) {
            ap[dst] = a[src + p];
          }
        }
      } else {
        int src = aOff + pc * lda + ic + i0;
        for (int p = 0, dst = strip; p < kc; p++, src += lda, dst += mr) {
          for (int r = 0; r < rows; r++) {
            ap[dst + r] = a[src + r];
          }
        }
      }
      // Rows past `rows` in a short strip are never read: the row-count switch below picks narrower kernels.
    }
  }

  /** C[mc×nc] (+)= packed A · packed B, whose strips start at {@code bp[bpOff]}. */
  static void macroKernel(GemmTile tile, int mc, int nc, int kc, double[] ap, double[] bp, int bpOff,
                          double[] c, int cOff, int ldc, boolean add, double[] scratch) {
    int mr = tile.rows;
    int nr = nr(tile);
    for (int j0 = 0; j0 < nc; j0 += nr) {
      int cols = Math.min(nr, nc - j0);
      int bo = bpOff + j0 * kc;
      for (int i0 = 0; i0 < mc; i0 += mr) {
        int rows = Math.min(mr, mc - i0);
        if (tile == GemmTile.WIDE) {
          wideRows(rows, kc, ap, i0 * kc, bp, bo, scratch);
        } else {
          narrowRows(rows, kc, ap, i0 * kc, bp, bo, scratch);
        }
        mergeTile(rows, cols, nr, scratch, c, cOff + i0 * ldc + j0, ldc, add);
      }
    }
  }

  /**
   * Kernel size is bounded by C2's inlining node budget (NodeCountInliningCutoff): a Vector API call left
   * un-inlined boxes its vectors, and a box on a loop-carried accumulator allocates every iteration (a hundredfold
   * slowdown). 16 accumulators (4 rows × 4 vectors, 16 stores) fit; 6 rows × 4 vectors (24 stores) exceed it on
   * JDK 17. On AVX-512 Zen 4 (one 512-bit FMA per cycle) 16 accumulators already hide the FMA latency. The kernels
   * write to a small L1-resident tile and {@link #mergeTile} adds it into C, keeping the conditional load-add out.
   */
  private static void wideRows(int rows, int kc, double[] ap, int ao, double[] bp, int bo, double[] tile) {
    switch (rows) {
      case 4 -> wide4(kc, ap, ao, bp, bo, tile, 0);
      case 3 -> {
        wide2(kc, ap, ao, bp, bo, tile, 0);
        wide1(kc, ap, ao + 2, bp, bo, tile, 2 * NR4);
      }
      case 2 -> wide2(kc, ap, ao, bp, bo, tile, 0);
      default -> wide1(kc, ap, ao, bp, bo, tile, 0);
    }
  }

  /** The 16-register tile: 6 rows × 2 vectors (12 accumulators); short strips take 4 + 1, 2 + 1, 2 or 1 rows. */
  private static void narrowRows(int rows, int kc, double[] ap, int ao, double[] bp, int bo, double[] tile) {
    switch (rows) {
      case 6 -> narrow6(kc, ap, ao, bp, bo, tile, 0);
      case 5 -> {
        narrow4(kc, ap, ao, bp, bo, tile, 0);
        narrow1(kc, ap, ao + 4, bp, bo, tile, 4 * NR2);
      }
      case 4 -> narrow4(kc, ap, ao, bp, bo, tile, 0);
      case 3 -> {
        narrow2(kc, ap, ao, bp, bo, tile, 0);
        narrow1(kc, ap, ao + 2, bp, bo, tile, 2 * NR2);
      }
      case 2 -> narrow2(kc, ap, ao, bp, bo, tile, 0);
      default -> narrow1(kc, ap, ao, bp, bo, tile, 0);
    }
  }

  /** C[rows×cols] (+)= tile (row stride nr); the ragged right edge (cols < nr) goes through scalar code. */
  private static void mergeTile(int rows, int cols, int nr, double[] tile, double[] c, int co, int ldc, boolean add) {
    for (int r = 0; r < rows; r++, co += ldc) {
      int t = r * nr;
      if (cols == nr) {
        for (int v = 0; v < nr; v += L) {
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

  private static void wide4(int kc, double[] ap, int ao, double[] bp, int bo, double[] tile, int to) {
    DoubleVector c00 = DoubleVector.zero(S), c01 = c00, c02 = c00, c03 = c00;
    DoubleVector c10 = c00, c11 = c00, c12 = c00, c13 = c00;
    DoubleVector c20 = c00, c21 = c00, c22 = c00, c23 = c00;
    DoubleVector c30 = c00, c31 = c00, c32 = c00, c33 = c00;
    for (int p = 0; p < kc; p++, ao += 4, bo += 4 * L) {
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
    c00.intoArray(tile, to);
    c01.intoArray(tile, to + L);
    c02.intoArray(tile, to + 2 * L);
    c03.intoArray(tile, to + 3 * L);
    c10.intoArray(tile, to + NR4);
    c11.intoArray(tile, to + NR4 + L);
    c12.intoArray(tile, to + NR4 + 2 * L);
    c13.intoArray(tile, to + NR4 + 3 * L);
    c20.intoArray(tile, to + 2 * NR4);
    c21.intoArray(tile, to + 2 * NR4 + L);
    c22.intoArray(tile, to + 2 * NR4 + 2 * L);
    c23.intoArray(tile, to + 2 * NR4 + 3 * L);
    c30.intoArray(tile, to + 3 * NR4);
    c31.intoArray(tile, to + 3 * NR4 + L);
    c32.intoArray(tile, to + 3 * NR4 + 2 * L);
    c33.intoArray(tile, to + 3 * NR4 + 3 * L);
  }

  private static void wide2(int kc, double[] ap, int ao, double[] bp, int bo, double[] tile, int to) {
    DoubleVector c00 = DoubleVector.zero(S), c01 = c00, c02 = c00, c03 = c00;
    DoubleVector c10 = c00, c11 = c00, c12 = c00, c13 = c00;
    for (int p = 0; p < kc; p++, ao += 4, bo += 4 * L) {
      DoubleVector b0 = DoubleVector.fromArray(S, bp, bo);
      DoubleVector b1 = DoubleVector.fromArray(S, bp, bo + L);
      DoubleVector b2 = DoubleVector.fromArray(S, bp, bo + 2 * L);
      DoubleVector b3 = DoubleVector.fromArray(S, bp, bo + 3 * L);
      DoubleVector av = DoubleVector.broadcast(S, ap[ao]);
      c00 = av.fma(b0, c00); c01 = av.fma(b1, c01); c02 = av.fma(b2, c02); c03 = av.fma(b3, c03);
      av = DoubleVector.broadcast(S, ap[ao + 1]);
      c10 = av.fma(b0, c10); c11 = av.fma(b1, c11); c12 = av.fma(b2, c12); c13 = av.fma(b3, c13);
    }
    c00.intoArray(tile, to);
    c01.intoArray(tile, to + L);
    c02.intoArray(tile, to + 2 * L);
    c03.intoArray(tile, to + 3 * L);
    c10.intoArray(tile, to + NR4);
    c11.intoArray(tile, to + NR4 + L);
    c12.intoArray(tile, to + NR4 + 2 * L);
    c13.intoArray(tile, to + NR4 + 3 * L);
  }

  private static void wide1(int kc, double[] ap, int ao, double[] bp, int bo, double[] tile, int to) {
    DoubleVector c00 = DoubleVector.zero(S), c01 = c00, c02 = c00, c03 = c00;
    for (int p = 0; p < kc; p++, ao += 4, bo += 4 * L) {
      DoubleVector b0 = DoubleVector.fromArray(S, bp, bo);
      DoubleVector b1 = DoubleVector.fromArray(S, bp, bo + L);
      DoubleVector b2 = DoubleVector.fromArray(S, bp, bo + 2 * L);
      DoubleVector b3 = DoubleVector.fromArray(S, bp, bo + 3 * L);
      DoubleVector av = DoubleVector.broadcast(S, ap[ao]);
      c00 = av.fma(b0, c00); c01 = av.fma(b1, c01); c02 = av.fma(b2, c02); c03 = av.fma(b3, c03);
    }
    c00.intoArray(tile, to);
    c01.intoArray(tile, to + L);
    c02.intoArray(tile, to + 2 * L);
    c03.intoArray(tile, to + 3 * L);
  }

  private static void narrow6(int kc, double[] ap, int ao, double[] bp, int bo, double[] tile, int to) {
    DoubleVector c00 = DoubleVector.zero(S), c01 = c00;
    DoubleVector c10 = c00, c11 = c00;
    DoubleVector c20 = c00, c21 = c00;
    DoubleVector c30 = c00, c31 = c00;
    DoubleVector c40 = c00, c41 = c00;
    DoubleVector c50 = c00, c51 = c00;
    for (int p = 0; p < kc; p++, ao += 6, bo += 2 * L) {
      DoubleVector b0 = DoubleVector.fromArray(S, bp, bo);
      DoubleVector b1 = DoubleVector.fromArray(S, bp, bo + L);
      DoubleVector av = DoubleVector.broadcast(S, ap[ao]);
      c00 = av.fma(b0, c00); c01 = av.fma(b1, c01);
      av = DoubleVector.broadcast(S, ap[ao + 1]);
      c10 = av.fma(b0, c10); c11 = av.fma(b1, c11);
      av = DoubleVector.broadcast(S, ap[ao + 2]);
      c20 = av.fma(b0, c20); c21 = av.fma(b1, c21);
      av = DoubleVector.broadcast(S, ap[ao + 3]);
      c30 = av.fma(b0, c30); c31 = av.fma(b1, c31);
      av = DoubleVector.broadcast(S, ap[ao + 4]);
      c40 = av.fma(b0, c40); c41 = av.fma(b1, c41);
      av = DoubleVector.broadcast(S, ap[ao + 5]);
      c50 = av.fma(b0, c50); c51 = av.fma(b1, c51);
    }
    c00.intoArray(tile, to);
    c01.intoArray(tile, to + L);
    c10.intoArray(tile, to + NR2);
    c11.intoArray(tile, to + NR2 + L);
    c20.intoArray(tile, to + 2 * NR2);
    c21.intoArray(tile, to + 2 * NR2 + L);
    c30.intoArray(tile, to + 3 * NR2);
    c31.intoArray(tile, to + 3 * NR2 + L);
    c40.intoArray(tile, to + 4 * NR2);
    c41.intoArray(tile, to + 4 * NR2 + L);
    c50.intoArray(tile, to + 5 * NR2);
    c51.intoArray(tile, to + 5 * NR2 + L);
  }

  private static void narrow4(int kc, double[] ap, int ao, double[] bp, int bo, double[] tile, int to) {
    DoubleVector c00 = DoubleVector.zero(S), c01 = c00;
    DoubleVector c10 = c00, c11 = c00;
    DoubleVector c20 = c00, c21 = c00;
    DoubleVector c30 = c00, c31 = c00;
    for (int p = 0; p < kc; p++, ao += 6, bo += 2 * L) {
      DoubleVector b0 = DoubleVector.fromArray(S, bp, bo);
      DoubleVector b1 = DoubleVector.fromArray(S, bp, bo + L);
      DoubleVector av = DoubleVector.broadcast(S, ap[ao]);
      c00 = av.fma(b0, c00); c01 = av.fma(b1, c01);
      av = DoubleVector.broadcast(S, ap[ao + 1]);
      c10 = av.fma(b0, c10); c11 = av.fma(b1, c11);
      av = DoubleVector.broadcast(S, ap[ao + 2]);
      c20 = av.fma(b0, c20); c21 = av.fma(b1, c21);
      av = DoubleVector.broadcast(S, ap[ao + 3]);
      c30 = av.fma(b0, c30); c31 = av.fma(b1, c31);
    }
    c00.intoArray(tile, to);
    c01.intoArray(tile, to + L);
    c10.intoArray(tile, to + NR2);
    c11.intoArray(tile, to + NR2 + L);
    c20.intoArray(tile, to + 2 * NR2);
    c21.intoArray(tile, to + 2 * NR2 + L);
    c30.intoArray(tile, to + 3 * NR2);
    c31.intoArray(tile, to + 3 * NR2 + L);
  }

  private static void narrow2(int kc, double[] ap, int ao, double[] bp, int bo, double[] tile, int to) {
    DoubleVector c00 = DoubleVector.zero(S), c01 = c00;
    DoubleVector c10 = c00, c11 = c00;
    for (int p = 0; p < kc; p++, ao += 6, bo += 2 * L) {
      DoubleVector b0 = DoubleVector.fromArray(S, bp, bo);
      DoubleVector b1 = DoubleVector.fromArray(S, bp, bo + L);
      DoubleVector av = DoubleVector.broadcast(S, ap[ao]);
      c00 = av.fma(b0, c00); c01 = av.fma(b1, c01);
      av = DoubleVector.broadcast(S, ap[ao + 1]);
      c10 = av.fma(b0, c10); c11 = av.fma(b1, c11);
    }
    c00.intoArray(tile, to);
    c01.intoArray(tile, to + L);
    c10.intoArray(tile, to + NR2);
    c11.intoArray(tile, to + NR2 + L);
  }

  private static void narrow1(int kc, double[] ap, int ao, double[] bp, int bo, double[] tile, int to) {
    DoubleVector c00 = DoubleVector.zero(S), c01 = c00;
    for (int p = 0; p < kc; p++, ao += 6, bo += 2 * L) {
      DoubleVector b0 = DoubleVector.fromArray(S, bp, bo);
      DoubleVector b1 = DoubleVector.fromArray(S, bp, bo + L);
      DoubleVector av = DoubleVector.broadcast(S, ap[ao]);
      c00 = av.fma(b0, c00); c01 = av.fma(b1, c01);
    }
    c00.intoArray(tile, to);
    c01.intoArray(tile, to + L);
  }
}
