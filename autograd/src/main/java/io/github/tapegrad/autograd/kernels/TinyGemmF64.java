package io.github.tapegrad.autograd.kernels;

/**
 * Direct dot-product loops for tiny products (gradient-check sizes): no packing, no thread-locals, no threads,
 * so a 3×5 product costs little more than its multiplies. Each C element is one dot product, added once. One
 * source for both dtypes (see pom.xml).
 */
final class TinyGemmF64 {

  private TinyGemmF64() {
  }

  static void gemm(boolean transA, boolean transB, int m, int n, int k,
                   double[] a, int aOff, double[] b, int bOff, double[] c, int cOff, boolean accumulate) {
    int aStepI = transA ? 1 : k;
    int aStepP = transA ? m : 1;
    int bStepP = transB ? 1 : n;
    int bStepJ = transB ? k : 1;
    for (int i = 0; i < m; i++) {
      int ai = aOff + i * aStepI;
      int ci = cOff + i * n;
      for (int j = 0; j < n; j++) {
        double sum = 0;
        for (int p = 0, x = ai, y = bOff + j * bStepJ; p < k; p++, x += aStepP, y += bStepP) {
          sum += a[x] * b[y];
        }
        c[ci + j] = accumulate ? c[ci + j] + sum : sum;
      }
    }
  }
}
