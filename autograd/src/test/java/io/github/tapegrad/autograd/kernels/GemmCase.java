package io.github.tapegrad.autograd.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

/**
 * One randomly filled GEMM problem for tests: operands sit at an offset inside arrays whose slack before and after
 * holds NaN sentinels, so a kernel that reads outside its region poisons the result and one that writes outside it
 * is caught by {@link #assertMatches}. Without accumulate the C region also starts as NaN (it must not be read).
 */
final class GemmCase {

  final boolean transA;
  final boolean transB;
  final int m;
  final int n;
  final int k;
  final int off;
  final boolean accumulate;
  final double[] a64;
  final double[] b64;
  final double[] c64;
  final float[] a32;
  final float[] b32;
  final float[] c32;
  private final double[] expected;
  private final double[] scale;
  private static final int TAIL = 5;

  GemmCase(boolean transA, boolean transB, int m, int n, int k, int off, boolean accumulate, long seed) {
    this.transA = transA;
    this.transB = transB;
    this.m = m;
    this.n = n;
    this.k = k;
    this.off = off;
    this.accumulate = accumulate;
    SplittableRandom random = new SplittableRandom(seed);
    a64 = filled(m * k, off, random, true);
    b64 = filled(k * n, off, random, true);
    c64 = filled(m * n, off, random, accumulate);
    a32 = toFloat(a64);
    b32 = toFloat(b64);
    c32 = toFloat(c64);
    expected = new double[m * n];
    scale = new double[m * n];
    // Naive triple loop in double, straight from the definition of op(A) and op(B).
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double sum = accumulate ? c64[off + i * n + j] : 0;
        double abs = accumulate ? Math.abs(sum) : 0;
        for (int p = 0; p < k; p++) {
          double x = transA ? a64[off + p * m + i] : a64[off + i * k + p];
          double y = transB ? b64[off + j * k + p] : b64[off + p * n + j];
          sum += x * y;
          abs += Math.abs(x * y);
        }
        expected[i * n + j] = sum;
        scale[i * n + j] = abs;
      }
    }
  }

  private static double[] filled(int size, int off, SplittableRandom random, boolean values) {
    double[] x = new double[off + size + TAIL];
    for (int i = 0; i < x.length; i++) {
      boolean inside = i >= off && i < off + size;
      // Values are multiples of 1/64 so they are exact in float too: both dtypes solve the same problem.
      x[i] = inside && values ? (random.nextInt(129) - 64) / 64.0 : Double.NaN;
    }
    return x;
  }

  private static float[] toFloat(double[] x) {
    float[] y = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = (float) x[i];
    }
    return y;
  }

  /** Checks C's region against the naive result (relative to the sum of |terms|) and its slack for sentinels. */
  void assertMatches(float[] c, String label) {
    for (int e = 0; e < m * n; e++) {
      double tol = 1e-5 * (scale[e] + 1) ;
      assertClose(expected[e], c[off + e], tol, label, e);
    }
    assertSentinels(c.length, i -> c[i], label);
  }

  void assertMatches(double[] c, String label) {
    for (int e = 0; e < m * n; e++) {
      double tol = 1e-12 * (scale[e] + 1);
      assertClose(expected[e], c[off + e], tol, label, e);
    }
    assertSentinels(c.length, i -> c[i], label);
  }

  private void assertClose(double want, double got, double tol, String label, int e) {
    assertTrue(Math.abs(want - got) <= tol, () -> describe(label) + ": C[" + (e / n) + ", " + (e % n)
        + "] = " + got + ", expected " + want + " (tolerance " + tol + ")");
  }

  private void assertSentinels(int length, java.util.function.IntToDoubleFunction c, String label) {
    for (int i = 0; i < length; i++) {
      if (i < off || i >= off + m * n) {
        assertEquals(Double.NaN, c.applyAsDouble(i), describe(label) + ": C slack at index " + i + " was written");
      }
    }
  }

  String describe(String label) {
    return label + " gemm(transA=" + transA + ", transB=" + transB + ", accumulate=" + accumulate
        + ") m=" + m + " n=" + n + " k=" + k + " offset=" + off;
  }
}
