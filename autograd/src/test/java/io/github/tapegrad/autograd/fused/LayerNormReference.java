package io.github.tapegrad.autograd.fused;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.autograd.Shape;
import io.github.tapegrad.autograd.Tensor;

import java.util.SplittableRandom;

/** Layer normalization written out in plain double per element, and inputs for its tests. */
final class LayerNormReference {
    private LayerNormReference() {
    }

    /** y over rows of d: (x − mean) / √(var + eps) · gamma + beta, var biased; gamma, beta may be null. */
    static double[] layerNorm(double[] x, int d, double[] gamma, double[] beta, double eps) {
        double[] y = new double[x.length];
        for (int base = 0; base < x.length; base += d) {
            double mean = 0;
            for (int j = 0; j < d; j++) mean += x[base + j];
            mean /= d;
            double var = 0;
            for (int j = 0; j < d; j++) var += (x[base + j] - mean) * (x[base + j] - mean);
            var /= d;
            for (int j = 0; j < d; j++) {
                double v = (x[base + j] - mean) / Math.sqrt(var + eps);
                y[base + j] = v * (gamma == null ? 1 : gamma[j]) + (beta == null ? 0 : beta[j]);
            }
        }
        return y;
    }

    /** The same with tensor ops (the composite the primitive fuses). */
    static Tensor composite(Tensor x, Tensor gamma, Tensor beta, double eps) {
        Tensor xc = x.sub(x.mean(-1, true));
        Tensor y = xc.div(xc.square().mean(-1, true).add(eps).sqrt());
        if (gamma != null) y = y.mul(gamma);
        return beta == null ? y : y.add(beta);
    }

    /**
     * float64 values 0.3 apart (plus noise below 0.05), shuffled: no row is near-constant, so 1/√var stays moderate
     * and finite differences accurate.
     */
    static Tensor spread(long seed, int... dims) {
        SplittableRandom rng = new SplittableRandom(seed);
        int n = Shape.of(dims).numel();
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = 0.3 * i - 0.15 * n + 0.05 * rng.nextDouble();
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            double t = v[i];
            v[i] = v[j];
            v[j] = t;
        }
        return Tensor.of(v, dims);
    }

    static Tensor randn(long seed, int... dims) {
        return Tensor.randn(new SplittableRandom(seed), DType.FLOAT64, dims);
    }

    static double[] values(Tensor t) {
        return t == null ? null : t.toDoubleArray();
    }
}
