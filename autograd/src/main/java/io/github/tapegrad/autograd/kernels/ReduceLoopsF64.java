package io.github.tapegrad.autograd.kernels;

/**
 * Sum and max in double over the middle axis of an array viewed as [outer, r, inner] (one source for both dtypes,
 * see pom.xml). A sum down one column (inner = 1) accumulates in double whatever the element type.
 */
@SuppressWarnings("cast") // the (double) casts are redundant here and needed in the generated float32 copy
final class ReduceLoopsF64 {
    private ReduceLoopsF64() {
    }

    /** out [outer * inner] must hold zeros. */
    static void sum(double[] x, int outer, int r, int inner, double[] out) {
        for (int o = 0; o < outer; o++) {
            int base = o * r * inner;
            int ob = o * inner;
            if (inner == 1) {
                /*always*/double s = 0;
                for (int k = 0; k < r; k++) s += x[base + k];
                out[ob] = (double) s;
            } else {
                for (int k = 0; k < r; k++) {
                    int xb = base + k * inner;
                    for (int j = 0; j < inner; j++) out[ob + j] += x[xb + j];
                }
            }
        }
    }

    /** Maximum along the middle axis (r &gt; 0); NaN propagates. */
    static void max(double[] x, int outer, int r, int inner, double[] out) {
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < inner; j++) {
                int b = o * r * inner + j;
                double m = x[b];
                for (int k = 1; k < r; k++) m = Math.max(m, x[b + k * inner]);
                out[o * inner + j] = m;
            }
        }
    }
}
