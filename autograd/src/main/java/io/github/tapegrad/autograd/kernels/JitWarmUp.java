package io.github.tapegrad.autograd.kernels;

import java.util.Arrays;

/**
 * Drives a kernel family through the JIT on small products before its first real one. It changes when code is
 * compiled, never which kernel computes a product (results do not depend on it: see {@link MatMul}).
 *
 * <p>Why: without it the first LSTM-sized product runs its Vector API loops in the interpreter and C2 compiles them
 * on-stack mid-loop; measured on config A float64, that compiled code kept falling back to the Vector API's
 * non-intrinsic path ({@code DoubleVector.tOpTemplate} in the profile), and the step ran at 7–9k tokens/s instead
 * of 15–20k. Small products covering every path (both dtypes, all transpose and accumulate variants, ragged
 * edges, two k blocks) compile each method whole first.
 */
final class JitWarmUp {

  /** Stop after this long even if rounds are still getting faster (e.g. on a heavily loaded machine). */
  private static final long MAX_NANOS = 20_000_000_000L;

  private JitWarmUp() {
  }

  /** Repeats rounds of small products until a round takes under a tenth of the slowest one (at least 20 rounds). */
  static void run(GemmBackend target) {
    long start = System.nanoTime();
    long slowest = 0;
    for (int round = 0; System.nanoTime() - start < MAX_NANOS; round++) {
      long t0 = System.nanoTime();
      round(target);
      long took = System.nanoTime() - t0;
      slowest = Math.max(slowest, took);
      if (round >= 20 && took * 10 < slowest) {
        return;
      }
    }
  }

  private static void round(GemmBackend target) {
    // Rows 2·MR − 1 and MR + 3 reach every row kernel of either tile (4 + 3 = 4 + 2 + 1 and 4 + 3; 6 + 5 = 6 + 4 + 1
    // and 6 + 3 = 6 + 2 + 1); widths leave ragged edges; k = 390 spans two blocks.
    int mr = target.rowBlock();
    int[][] shapes = {{2 * mr - 1, 2 * target.columnBlock(Float.BYTES) + 5, 24},
        {mr + 3, target.columnBlock(Float.BYTES) + 3, 390}};
    for (int[] shape : shapes) {
      int m = shape[0];
      int n = shape[1];
      int k = shape[2];
      float[] a32 = new float[m * k];
      float[] b32 = new float[k * n];
      float[] c32 = new float[m * n];
      double[] a64 = new double[m * k];
      double[] b64 = new double[k * n];
      double[] c64 = new double[m * n];
      Arrays.fill(a32, 0.5f);
      Arrays.fill(b32, 0.25f);
      Arrays.fill(a64, 0.5);
      Arrays.fill(b64, 0.25);
      for (int variant = 0; variant < 8; variant++) {
        boolean tA = (variant & 1) != 0;
        boolean tB = (variant & 2) != 0;
        boolean acc = (variant & 4) != 0;
        target.gemm(tA, tB, m, n, k, a32, 0, tA ? m : k, b32, 0, tB ? k : n, c32, 0, n, acc);
        target.gemm(tA, tB, m, n, k, a64, 0, tA ? m : k, b64, 0, tB ? k : n, c64, 0, n, acc);
        if (target.packsB()) { // the pre-packed path shares the kernels; its own loops are compiled here too
          Object p32 = target.packB(tB, k, n, b32, 0, null);
          Object p64 = target.packB(tB, k, n, b64, 0, null);
          target.gemmPacked(tA, m, n, k, a32, 0, tA ? m : k, p32, 0, n, c32, 0, n, acc);
          target.gemmPacked(tA, m, n, k, a64, 0, tA ? m : k, p64, 0, n, c64, 0, n, acc);
        }
      }
    }
  }
}
