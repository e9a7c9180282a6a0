package io.github.tapegrad.autograd.kernels;

/**
 * Reductions over the middle axis of an array viewed as [outer, r, inner]; the op layer reduces several
 * dims by reducing contiguous runs one after another. Sum and max run {@link ReduceLoopsF64} or its generated float32
 * copy.
 */
public final class Reduce {
    private Reduce() {
    }

    /** out [outer * inner] := the sum along the middle axis; out must hold zeros (the caller's buffer). */
    public static void sum(float[] x, int outer, int r, int inner, float[] out) {
        ReduceLoopsF32.sum(x, outer, r, inner, out);
    }

    public static void sum(double[] x, int outer, int r, int inner, double[] out) {
        ReduceLoopsF64.sum(x, outer, r, inner, out);
    }

    /** out [outer * inner] := the maximum along the middle axis (r &gt; 0); NaN propagates. */
    public static void max(float[] x, int outer, int r, int inner, float[] out) {
        ReduceLoopsF32.max(x, outer, r, inner, out);
    }

    public static void max(double[] x, int outer, int r, int inner, double[] out) {
        ReduceLoopsF64.max(x, outer, r, inner, out);
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
