package io.github.tapegrad.autograd.kernels;

/**
 * The LSTM cell's pointwise part in double over rows of gate pre-activations laid out [i | f | g | o], each block
 * {@code hidden} wide (one source for both dtypes, see pom.xml). The activations reuse {@link Unary}'s kernels on
 * whole arrays (so every element rounds as it would through separate sigmoid/tanh ops); the rest are single loops.
 */
final class LstmPointwiseLoopsF64 {
    private LstmPointwiseLoopsF64() {
    }

    /** Scratch for the g block (rows × hidden), per thread. */
    private static final ThreadLocal<double[][]> SCRATCH = ThreadLocal.withInitial(() -> new double[1][0]);

    private static double[] scratch(int n) {
        double[][] s = SCRATCH.get();
        if (s[0].length != n) {
            s[0] = new double[n];
        }
        return s[0];
    }

    /** act = [σ(i) | σ(f) | tanh(g) | σ(o)], cNext = σ(f)·c + σ(i)·tanh(g), tc = tanh(cNext), h = σ(o)·tc. */
    static void forward(double[] p, double[] cv, double[] a, double[] cn, double[] t, double[] hv, int rows,
                        int hidden) {
        int width = 4 * hidden;
        Unary.apply(UnaryOp.SIGMOID, p, a, 0, 0);
        double[] g = scratch(rows * hidden);
        Copy.slab(p, width, 2 * hidden, g, hidden, 0, rows, hidden, 1);
        Unary.apply(UnaryOp.TANH, g, g, 0, 0);
        Copy.slab(g, hidden, 0, a, width, 2 * hidden, rows, hidden, 1);
        for (int r = 0; r < rows; r++) {
            int base = r * width;
            int row = r * hidden;
            for (int j = 0; j < hidden; j++) {
                cn[row + j] = a[base + hidden + j] * cv[row + j] + a[base + j] * a[base + 2 * hidden + j];
            }
        }
        Unary.apply(UnaryOp.TANH, cn, t, 0, 0);
        for (int r = 0; r < rows; r++) {
            int base = r * width + 3 * hidden;
            int row = r * hidden;
            for (int j = 0; j < hidden; j++) {
                hv[row + j] = a[base + j] * t[row + j];
            }
        }
    }

    /** The hand-derived backward; formulas on {@link LstmPointwise#backward}. */
    static void backward(double[] gh, double[] gc, double[] a, double[] cv, double[] t, double[] dp, double[] dcv,
                         int rows, int hidden) {
        int width = 4 * hidden;
        for (int r = 0; r < rows; r++) {
            int base = r * width;
            int row = r * hidden;
            for (int j = 0; j < hidden; j++) {
                double i = a[base + j];
                double f = a[base + hidden + j];
                double g = a[base + 2 * hidden + j];
                double o = a[base + 3 * hidden + j];
                double tcv = t[row + j];
                double dhv = gh[row + j];
                double dct = gc[row + j] + dhv * o * (1 - tcv * tcv);
                dp[base + j] = dct * g * (i * (1 - i));
                dp[base + hidden + j] = dct * cv[row + j] * (f * (1 - f));
                dp[base + 2 * hidden + j] = dct * i * (1 - g * g);
                dp[base + 3 * hidden + j] = dhv * tcv * (o * (1 - o));
                dcv[row + j] = dct * f;
            }
        }
    }
}
