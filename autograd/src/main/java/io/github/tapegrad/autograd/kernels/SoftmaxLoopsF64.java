package io.github.tapegrad.autograd.kernels;

/**
 * Numerically stable softmax and log-softmax in double along the middle axis of [outer, n, inner] (one source for
 * both dtypes, see pom.xml): the max is taken in the element type, the sum of exponentials and the log in double.
 */
@SuppressWarnings("cast") // the (double) casts are redundant here and needed in the generated float32 copy
final class SoftmaxLoopsF64 {
    private SoftmaxLoopsF64() {
    }

    /** log=true gives log-softmax: x - max - log(sum(exp(x - max))). */
    static void apply(double[] x, double[] out, int outer, int n, int inner, boolean log) {
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < inner; j++) {
                int b = o * n * inner + j;
                double m = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < n; k++) m = Math.max(m, x[b + k * inner]);
                /*always*/double s = 0;
                for (int k = 0; k < n; k++) s += Math.exp(x[b + k * inner] - m);
                if (log) {
                    /*always*/double lse = m + Math.log(s);
                    for (int k = 0; k < n; k++) out[b + k * inner] = (double) (x[b + k * inner] - lse);
                } else {
                    for (int k = 0; k < n; k++) out[b + k * inner] = (double) (Math.exp(x[b + k * inner] - m) / s);
                }
            }
        }
    }
}
