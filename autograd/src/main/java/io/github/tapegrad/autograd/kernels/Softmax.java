package io.github.tapegrad.autograd.kernels;

/** Numerically stable softmax and log-softmax along the middle axis of [outer, n, inner] ({@link SoftmaxLoopsF64}). */
public final class Softmax {
    private Softmax() {
    }

    /** log=true gives log-softmax: x - max - log(sum(exp(x - max))). */
    public static void apply(float[] x, float[] out, int outer, int n, int inner, boolean log) {
        SoftmaxLoopsF32.apply(x, out, outer, n, inner, log);
    }

    public static void apply(double[] x, double[] out, int outer, int n, int inner, boolean log) {
        SoftmaxLoopsF64.apply(x, out, outer, n, inner, log);
    }
}
