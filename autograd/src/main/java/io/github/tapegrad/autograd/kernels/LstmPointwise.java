package io.github.tapegrad.autograd.kernels;

/**
 * The LSTM cell's pointwise part over rows of gate pre-activations laid out [i | f | g | o], each block
 * {@code hidden} wide; arrays are all float[] or all double[], and each dtype runs its own copy of one source
 * ({@link LstmPointwiseLoopsF64}, the float32 one generated from it).
 */
public final class LstmPointwise {
    private LstmPointwise() {
    }

    /** act = [σ(i) | σ(f) | tanh(g) | σ(o)], cNext = σ(f)·c + σ(i)·tanh(g), tc = tanh(cNext), h = σ(o)·tc. */
    public static void forward(Object pre, Object c, Object act, Object cNext, Object tc, Object h, int rows, int hidden) {
        if (pre instanceof float[] p) {
            LstmPointwiseLoopsF32.forward(p, (float[]) c, (float[]) act, (float[]) cNext, (float[]) tc, (float[]) h,
                    rows, hidden);
        } else {
            LstmPointwiseLoopsF64.forward((double[]) pre, (double[]) c, (double[]) act, (double[]) cNext, (double[]) tc,
                    (double[]) h, rows, hidden);
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
        if (dh instanceof float[] gh) {
            LstmPointwiseLoopsF32.backward(gh, (float[]) dcNext, (float[]) act, (float[]) c, (float[]) tc, (float[]) dPre,
                    (float[]) dc, rows, hidden);
        } else {
            LstmPointwiseLoopsF64.backward((double[]) dh, (double[]) dcNext, (double[]) act, (double[]) c, (double[]) tc,
                    (double[]) dPre, (double[]) dc, rows, hidden);
        }
    }
}
