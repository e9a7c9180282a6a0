package io.github.tapegrad.autograd.kernels;

/** PLACEHOLDER (replaced by the blocked / Vector API kernels): naive GEMM with the same contract. */
public final class MatMul {
    private MatMul() {
    }

    public static void gemm(boolean transA, boolean transB, int m, int n, int k,
                            float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    float x = transA ? a[aOff + p * m + i] : a[aOff + i * k + p];
                    float y = transB ? b[bOff + j * k + p] : b[bOff + p * n + j];
                    s += x * y;
                }
                c[cOff + i * n + j] = (float) (accumulate ? c[cOff + i * n + j] + s : s);
            }
        }
    }

    public static void gemm(boolean transA, boolean transB, int m, int n, int k,
                            double[] a, int aOff, double[] b, int bOff, double[] c, int cOff, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    double x = transA ? a[aOff + p * m + i] : a[aOff + i * k + p];
                    double y = transB ? b[bOff + j * k + p] : b[bOff + p * n + j];
                    s += x * y;
                }
                c[cOff + i * n + j] = accumulate ? c[cOff + i * n + j] + s : s;
            }
        }
    }

    public static String backend() {
        return "naive";
    }
}
