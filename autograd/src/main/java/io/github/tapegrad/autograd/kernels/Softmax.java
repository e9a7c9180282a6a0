package io.github.tapegrad.autograd.kernels;

/** Numerically stable softmax and log-softmax along the middle axis of [outer, n, inner]. */
public final class Softmax {
    private Softmax() {
    }

    /** log=true gives log-softmax: x - max - log(sum(exp(x - max))). */
    public static void apply(float[] x, float[] out, int outer, int n, int inner, boolean log) {
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < inner; j++) {
                int b = o * n * inner + j;
                float m = Float.NEGATIVE_INFINITY;
                for (int k = 0; k < n; k++) m = Math.max(m, x[b + k * inner]);
                double s = 0;
                for (int k = 0; k < n; k++) s += Math.exp(x[b + k * inner] - m);
                if (log) {
                    double lse = m + Math.log(s);
                    for (int k = 0; k < n; k++) out[b + k * inner] = (float) (x[b + k * inner] - lse);
                } else {
                    for (int k = 0; k < n; k++) out[b + k * inner] = (float) (Math.exp(x[b + k * inner] - m) / s);
                }
            }
        }
    }

    public static void apply(double[] x, double[] out, int outer, int n, int inner, boolean log) {
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < inner; j++) {
                int b = o * n * inner + j;
                double m = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < n; k++) m = Math.max(m, x[b + k * inner]);
                double s = 0;
                for (int k = 0; k < n; k++) s += Math.exp(x[b + k * inner] - m);
                if (log) {
                    double lse = m + Math.log(s);
                    for (int k = 0; k < n; k++) out[b + k * inner] = x[b + k * inner] - lse;
                } else {
                    for (int k = 0; k < n; k++) out[b + k * inner] = Math.exp(x[b + k * inner] - m) / s;
                }
            }
        }
    }
}
