package io.github.tapegrad.nn.check;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.nn.State;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Seeded float64 tensors for gradient checks: the same generator state always gives the same values.
 * Uniform rather than normal so that gate pre-activations stay in the range where derivatives are not
 * vanishingly small (a check of a saturated sigmoid proves little).
 */
public final class SeededTensors {

    private SeededTensors() {
    }

    /** Uniform in {@code [-scale, scale)}, float64. */
    public static Tensor uniform(RandomGenerator rng, double scale, int... dims) {
        if (!(scale >= 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("SeededTensors.uniform: scale " + scale + " must be finite and >= 0");
        }
        return Tensor.uniform(rng, -scale, scale, DType.FLOAT64, dims);
    }

    /** A uniform float64 tensor of {@code like}'s shape. */
    public static Tensor uniformLike(RandomGenerator rng, double scale, Tensor like) {
        return uniform(rng, scale, like.shape().toArray());
    }

    /** A state with {@code like}'s tensor shapes and uniform float64 values. */
    public static State uniformLike(RandomGenerator rng, double scale, State like) {
        List<Tensor> tensors = new ArrayList<>(like.size());
        for (Tensor t : like.tensors()) {
            tensors.add(uniformLike(rng, scale, t));
        }
        return new State(tensors);
    }
}
