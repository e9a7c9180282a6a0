package io.github.tapegrad.autograd.kernels;

/**
 * Layer normalization over the last axis: rows of {@code d} elements, each normalized by its own mean and biased
 * variance, then scaled by gamma and shifted by beta (either may be null: 1 and 0). Arrays are all float[] or all
 * double[], and each dtype runs its own copy of one source ({@link LayerNormLoopsF64}, the float32 one generated
 * from it); a row's statistics accumulate in double in both.
 */
public final class LayerNorm {
    private LayerNorm() {
    }

    /**
     * y = (x − mean) · rstd · gamma + beta per row, with mean and rstd = 1 / √(var + eps) (biased variance) written
     * per row for the backward.
     */
    public static void forward(Object x, Object gamma, Object beta, Object y, Object mean, Object rstd, int rows, int d,
                               double eps) {
        if (x instanceof float[] xf) {
            LayerNormLoopsF32.forward(xf, (float[]) gamma, (float[]) beta, (float[]) y, (float[]) mean, (float[]) rstd,
                    rows, d, eps);
        } else {
            LayerNormLoopsF64.forward((double[]) x, (double[]) gamma, (double[]) beta, (double[]) y, (double[]) mean,
                    (double[]) rstd, rows, d, eps);
        }
    }

    /**
     * Gradients from dy (hand-derived; the autograd rule records the same formulas with tensor ops when a graph of
     * the backward is wanted), with x̂ = (x − mean) · rstd and g = dy · gamma:
     * dx = rstd · (g − mean(g) − x̂ · mean(g · x̂)) per row; dGamma = Σ_rows dy · x̂; dBeta = Σ_rows dy.
     * Any of dx, dGamma, dBeta may be null (not needed); dGamma and dBeta are overwritten.
     */
    public static void backward(Object dy, Object x, Object gamma, Object mean, Object rstd, Object dx, Object dGamma,
                                Object dBeta, int rows, int d) {
        if (dy instanceof float[] gf) {
            LayerNormLoopsF32.backward(gf, (float[]) x, (float[]) gamma, (float[]) mean, (float[]) rstd, (float[]) dx,
                    (float[]) dGamma, (float[]) dBeta, rows, d);
        } else {
            LayerNormLoopsF64.backward((double[]) dy, (double[]) x, (double[]) gamma, (double[]) mean, (double[]) rstd,
                    (double[]) dx, (double[]) dGamma, (double[]) dBeta, rows, d);
        }
    }
}
