package io.github.tapegrad.nn;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.autograd.Shape;
import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.nn.init.Init;

import java.util.random.RandomGenerator;

/** y = x·Wᵀ + b over the last dimension, as torch.nn.Linear: weight [out, in], bias [out]. */
public final class Linear extends Module {
    private final int inFeatures;
    private final int outFeatures;
    private final Tensor weight;
    private final Tensor bias;

    /** PyTorch's default init: weight and bias uniform ±1/sqrt(in). */
    public Linear(int inFeatures, int outFeatures, boolean bias, DType dtype, RandomGenerator rng) {
        this(inFeatures, outFeatures, bias, dtype, rng, Init.pytorchDefault(Math.max(1, inFeatures)),
                Init.pytorchDefault(Math.max(1, inFeatures)));
    }

    public Linear(int inFeatures, int outFeatures, boolean bias, DType dtype, RandomGenerator rng,
                  Init weightInit, Init biasInit) {
        if (inFeatures <= 0 || outFeatures <= 0) {
            throw new IllegalArgumentException("Linear: sizes must be positive, got in=" + inFeatures + ", out="
                    + outFeatures);
        }
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        this.weight = registerParameter("weight",
                weightInit.sample(Shape.of("Linear weight", outFeatures, inFeatures), dtype, rng));
        this.bias = bias ? registerParameter("bias", biasInit.sample(dtype, rng, outFeatures)) : null;
    }

    /** [..., in] → [..., out]. */
    public Tensor forward(Tensor x) {
        if (x.rank() < 1 || x.dim(-1) != inFeatures) {
            throw new IllegalArgumentException(this + ": input must be [..., " + inFeatures + "], got " + x.shape());
        }
        if (x.rank() == 2) {
            return x.linear(weight, bias);
        }
        // fold leading dims into rows so forward and backward are single GEMMs
        int[] outShape = x.shape().toArray();
        outShape[outShape.length - 1] = outFeatures;
        return x.reshape(-1, inFeatures).linear(weight, bias).reshape(outShape);
    }

    public Tensor weight() {
        return weight;
    }

    /** The bias, or null when built without one. */
    public Tensor bias() {
        return bias;
    }

    public int inFeatures() {
        return inFeatures;
    }

    public int outFeatures() {
        return outFeatures;
    }

    @Override
    public String toString() {
        return "Linear(" + inFeatures + ", " + outFeatures + (bias == null ? ", bias=false" : "") + ")";
    }
}
