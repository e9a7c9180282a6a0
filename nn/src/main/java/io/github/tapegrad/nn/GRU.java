package io.github.tapegrad.nn;

import io.github.tapegrad.autograd.DType;

import java.util.random.RandomGenerator;

/** A stack of {@link GRUCell}s, as torch.nn.GRU (parameters {@code weight_ih_l0} [3H, I], ...). */
public final class GRU extends Recurrent {

    /** {@code new GRU(Recurrent.options(I, H).layers(2).dropout(0.1))}. */
    public GRU(Options options) {
        super("GRU", GRUCell::new, options);
    }

    /** One layer, PyTorch's default init. */
    public GRU(int inputSize, int hiddenSize, DType dtype, RandomGenerator rng) {
        this(options(inputSize, hiddenSize).dtype(dtype).rng(rng));
    }
}
