package io.github.tapegrad.autograd.kernels;

/**
 * Reductions over the middle axis of an array viewed as [outer, r, inner]; the op layer reduces several
 * dims by reducing contiguous runs one after another.
 */
public final class Reduce {
    private Reduce() {
    }

    public static float[] sum(float[] x, int outer, int r, int inner) {
        float[] out = new float[outer * inner];
        for (int o = 0; o < outer; o++) {
            int base = o * r * inner;
            int ob = o * inner;
            if (inner == 1) {
                double s = 0;
                for (int k = 0; k < r; k++) s += x[base + k];
                out[ob] = (float) s;
            } else {
                for (int k = 0; k < r; k++) {
                    int xb = base + k * inner;
                    for (int j = 0; j < inner; j++) out[ob + j] += x[xb + j];
                }
            }
        }
        return out;
    }

    public static double[] sum(double[] x, int outer, int r, int inner) {
        double[] out = new double[outer * inner];
        for (int o = 0; o < outer; o++) {
            int base = o * r * inner;
            int ob = o * inner;
            for (int k = 0; k < r; k++) {
                int xb = base + k * inner;
                for (int j = 0; j < inner; j++) out[ob + j] += x[xb + j];
            }
        }
        return out;
    }

    /** Maximum along the middle axis (r &gt; 0); NaN propagates. */
    public static float[] max(float[] x, int outer, int r, int inner) {
        float[] out = new float[outer * inner];
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < inner; j++) {
                int b = o * r * inner + j;
                float m = x[b];
                for (int k = 1; k < r; k++) m = Math.max(m, x[b + k * inner]);
                out[o * inner + j] = m;
            }
        }
        return out;
    }

    public static double[] max(double[] x, int outer, int r, int inner) {
        double[] out = new double[outer * inner];
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < inner; j++) {
                int b = o * r * inner + j;
                double m = x[b];
                for (int k = 1; k < r; k++) m = Math.max(m, x[b + k * inner]);
                out[o * inner + j] = m;
            }
        }
        return out;
    }

    /** Index of the first maximum along the middle axis, as int positions in [0, r). */
    public static int[] argmax(Object x, int outer, int r, int inner) {
        int[] out = new int[outer * inner];
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < inner; j++) {
                int b = o * r * inner + j;
                int best = 0;
                double m = get(x, b);
                for (int k = 1; k < r; k++) {
                    double v = get(x, b + k * inner);
                    if (v > m) {
                        m = v;
                        best = k;
                    }
                }
                out[o * inner + j] = best;
            }
        }
        return out;
    }

    static double get(Object x, int i) {
        return x instanceof float[] f ? f[i] : ((double[]) x)[i];
    }
}
