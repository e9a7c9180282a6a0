package io.github.tapegrad.autograd.kernels;

/**
 * The LSTM cell's pointwise part over rows of gate pre-activations laid out [i | f | g | o], each block
 * {@code hidden} wide. The activations reuse {@link Unary}'s kernels on whole arrays (so every element
 * rounds as it would through separate sigmoid/tanh ops); the rest are single loops over the rows.
 */
public final class LstmPointwise {
    private LstmPointwise() {
    }

    /** Scratch for the g block (rows × hidden), per thread. */
    private static final ThreadLocal<Object[]> SCRATCH = ThreadLocal.withInitial(() -> new Object[] {new float[0], new double[0]});

    private static float[] floats(int n) {
        Object[] s = SCRATCH.get();
        if (((float[]) s[0]).length != n) {
            s[0] = new float[n];
        }
        return (float[]) s[0];
    }

    private static double[] doubles(int n) {
        Object[] s = SCRATCH.get();
        if (((double[]) s[1]).length != n) {
            s[1] = new double[n];
        }
        return (double[]) s[1];
    }

    /**
     * act = [σ(i) | σ(f) | tanh(g) | σ(o)], cNext = σ(f)·c + σ(i)·tanh(g), tc = tanh(cNext), h = σ(o)·tc.
     * Arrays are float[] or double[], all the same type.
     */
    public static void forward(Object pre, Object c, Object act, Object cNext, Object tc, Object h, int rows, int hidden) {
        int width = 4 * hidden;
        int n = rows * hidden;
        if (pre instanceof float[] p) {
            float[] a = (float[]) act;
            Unary.apply(UnaryOp.SIGMOID, p, a, 0, 0);
            float[] g = floats(n);
            Copy.slab(p, width, 2 * hidden, g, hidden, 0, rows, hidden, 1);
            Unary.apply(UnaryOp.TANH, g, g, 0, 0);
            Copy.slab(g, hidden, 0, a, width, 2 * hidden, rows, hidden, 1);
            float[] cv = (float[]) c;
            float[] cn = (float[]) cNext;
            for (int r = 0; r < rows; r++) {
                int base = r * width;
                int row = r * hidden;
                for (int j = 0; j < hidden; j++) {
                    cn[row + j] = a[base + hidden + j] * cv[row + j] + a[base + j] * a[base + 2 * hidden + j];
                }
            }
            float[] t = (float[]) tc;
            Unary.apply(UnaryOp.TANH, cn, t, 0, 0);
            float[] hv = (float[]) h;
            for (int r = 0; r < rows; r++) {
                int base = r * width + 3 * hidden;
                int row = r * hidden;
                for (int j = 0; j < hidden; j++) {
                    hv[row + j] = a[base + j] * t[row + j];
                }
            }
        } else {
            double[] p = (double[]) pre;
            double[] a = (double[]) act;
            Unary.apply(UnaryOp.SIGMOID, p, a, 0, 0);
            double[] g = doubles(n);
            Copy.slab(p, width, 2 * hidden, g, hidden, 0, rows, hidden, 1);
            Unary.apply(UnaryOp.TANH, g, g, 0, 0);
            Copy.slab(g, hidden, 0, a, width, 2 * hidden, rows, hidden, 1);
            double[] cv = (double[]) c;
            double[] cn = (double[]) cNext;
            for (int r = 0; r < rows; r++) {
                int base = r * width;
                int row = r * hidden;
                for (int j = 0; j < hidden; j++) {
                    cn[row + j] = a[base + hidden + j] * cv[row + j] + a[base + j] * a[base + 2 * hidden + j];
                }
            }
            double[] t = (double[]) tc;
            Unary.apply(UnaryOp.TANH, cn, t, 0, 0);
            double[] hv = (double[]) h;
            for (int r = 0; r < rows; r++) {
                int base = r * width + 3 * hidden;
                int row = r * hidden;
                for (int j = 0; j < hidden; j++) {
                    hv[row + j] = a[base + j] * t[row + j];
                }
            }
        }
    }

    /**
     * Gradients of the pre-activations and of c from those of h and cNext (hand-derived; the autograd
     * rule records the same formulas with tensor ops when a graph of the backward is wanted):
     * dc_t = dcNext + dh·o·(1 − tc²); d_i = dc_t·g·i(1 − i); d_f = dc_t·c·f(1 − f); d_g = dc_t·i·(1 − g²);
     * d_o = dh·tc·o(1 − o); dc = dc_t·f.
     */
    public static void backward(Object dh, Object dcNext, Object act, Object c, Object tc, Object dPre, Object dc,
                                int rows, int hidden) {
        int width = 4 * hidden;
        if (dh instanceof float[] gh) {
            float[] gc = (float[]) dcNext;
            float[] a = (float[]) act;
            float[] cv = (float[]) c;
            float[] t = (float[]) tc;
            float[] dp = (float[]) dPre;
            float[] dcv = (float[]) dc;
            for (int r = 0; r < rows; r++) {
                int base = r * width;
                int row = r * hidden;
                for (int j = 0; j < hidden; j++) {
                    float i = a[base + j];
                    float f = a[base + hidden + j];
                    float g = a[base + 2 * hidden + j];
                    float o = a[base + 3 * hidden + j];
                    float tcv = t[row + j];
                    float dhv = gh[row + j];
                    float dct = gc[row + j] + dhv * o * (1f - tcv * tcv);
                    dp[base + j] = dct * g * (i * (1f - i));
                    dp[base + hidden + j] = dct * cv[row + j] * (f * (1f - f));
                    dp[base + 2 * hidden + j] = dct * i * (1f - g * g);
                    dp[base + 3 * hidden + j] = dhv * tcv * (o * (1f - o));
                    dcv[row + j] = dct * f;
                }
            }
        } else {
            double[] gh = (double[]) dh;
            double[] gc = (double[]) dcNext;
            double[] a = (double[]) act;
            double[] cv = (double[]) c;
            double[] t = (double[]) tc;
            double[] dp = (double[]) dPre;
            double[] dcv = (double[]) dc;
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
}
