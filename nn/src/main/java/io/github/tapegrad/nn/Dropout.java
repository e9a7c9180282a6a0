package io.github.tapegrad.nn;

import io.github.tapegrad.autograd.Tensor;

import java.util.SplittableRandom;

/**
 * Inverted dropout: in training mode each element is zeroed with probability p and survivors are
 * scaled by 1/(1-p), so evaluation needs no rescaling; in eval mode it is the identity. The mask is a
 * constant tensor, so the gradient is the same mask times the upstream gradient (by autograd's mul).
 */
public final class Dropout extends Module {
    private final double p;
    private final SplittableRandom rng;

    /** @param seed masks are a deterministic function of the seed and the number of calls so far */
    public Dropout(double p, long seed) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("Dropout: p must be in [0, 1], got " + p);
        }
        this.p = p;
        this.rng = new SplittableRandom(seed);
    }

    public Tensor forward(Tensor x) {
        if (!isTraining() || p == 0) {
            return x;
        }
        double keep = 1 - p;
        double scale = keep == 0 ? 0 : 1 / keep;
        double[] mask = new double[x.numel()];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = rng.nextDouble() < keep ? scale : 0;
        }
        Tensor m = Tensor.of(mask).reshape(x.shape().toArray());
        return x.mul(x.dtype() == m.dtype() ? m : m.toFloat());
    }

    public double p() {
        return p;
    }

    @Override
    public String toString() {
        return "Dropout(p=" + p + ")";
    }
}
