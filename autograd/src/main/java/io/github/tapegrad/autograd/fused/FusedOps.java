package io.github.tapegrad.autograd.fused;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.autograd.Primitive;
import io.github.tapegrad.autograd.Tensor;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Fused primitives for recurrent layers and normalization (kept out of {@link Tensor}, as PyTorch keeps its fused
 * LSTM cell in ATen rather than on its tensor). Each is one {@link Primitive}, defined in its own class of this
 * package: the forward saves only what its hand-derived backward reads, and when the backward is itself recorded
 * (createGraph) its rule replays the formulas with tensor ops instead, so higher-order gradients are exact too. Each
 * is gradient-checked, first and second order, when it is first used (registration).
 */
public final class FusedOps {
    private FusedOps() {
    }

    /**
     * The LSTM cell after its matmuls: gates [B, 4H] pre-activations in blocks i, f, g, o, and c [B, H];
     * returns h' = σ(o) ⊙ tanh(c') and c' = σ(f) ⊙ c + σ(i) ⊙ tanh(g), as one node with two outputs.
     * Saved for backward: the four activated gates, c and tanh(c'), i.e. what BPTT must keep anyway,
     * where the composite keeps eleven [B, H] tensors per step. Same values as those composite ops.
     *
     * @return [h', c'], each [B, H]
     */
    public static List<Tensor> lstmPointwise(Tensor gates, Tensor c) {
        return LstmPointwiseOp.PRIMITIVE.apply(null, gates, c);
    }

    /**
     * x.linear(w, bias) split into {@code pieces} equal row blocks, as one op: the [N, out] product is
     * computed into a scratch buffer and copied into the pieces, so it never exists as a tensor (a
     * recurrent layer's input projection for all T steps is then T step tensors, not T + 1). Shapes:
     * x [N, in], w [out, in], bias [out] or null; N divisible by {@code pieces}; returns pieces [N/pieces, out].
     */
    public static List<Tensor> linearSplit(Tensor x, Tensor w, Tensor bias, int pieces) {
        if (pieces <= 0 || x.rank() < 1 || x.dim(0) % pieces != 0) {
            throw new IllegalArgumentException("linearSplit: x " + x.shape() + " (" + x.dtype() + "), weight "
                    + w.shape() + (bias == null ? "" : ", bias " + bias.shape()) + ": the rows of x do not split into "
                    + pieces + " equal pieces");
        }
        int[] sizes = new int[pieces];
        Arrays.fill(sizes, x.dim(0) / pieces);
        return linearSplit(x, w, bias, sizes);
    }

    /**
     * x.linear(w, bias) split into row blocks of the given sizes, in order (a packed sequence's steps: the
     * sizes are its batch sizes). Sizes must be non-negative and sum to N.
     */
    public static List<Tensor> linearSplit(Tensor x, Tensor w, Tensor bias, int[] sizes) {
        return LinearSplitOp.PRIMITIVE.apply(sizes.clone(), x, w, bias);
    }

    /**
     * Layer normalization over the last dimension, as torch.nn.functional.layer_norm with normalized_shape [D]:
     * y = (x − mean) / √(var + eps) ⊙ gamma + beta, mean and the biased variance taken over each row of D elements.
     * One node with a fused forward and backward; saved for backward: x, gamma and each row's mean and
     * 1 / √(var + eps). Float32 rows accumulate their statistics in double.
     *
     * @param x [..., D], rank at least 1
     * @param gamma [D], or null for ones
     * @param beta [D], or null for zeros
     * @param eps added to the variance: finite, at least 0 (PyTorch's default is 1e-5)
     * @return y, x's shape
     */
    public static Tensor layerNorm(Tensor x, Tensor gamma, Tensor beta, double eps) {
        return LayerNormOp.PRIMITIVE.apply(eps, x, gamma, beta).get(0);
    }

    /** A small float64 example that requires grad, for a registration check (seeded: the same every run). */
    static Tensor example(long seed, int... dims) {
        return Tensor.randn(new SplittableRandom(seed), DType.FLOAT64, dims).requiresGrad_(true);
    }
}
