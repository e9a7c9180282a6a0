package io.github.tapegrad.nn;

import io.github.tapegrad.autograd.DType;

import java.util.random.RandomGenerator;

/** A stack of {@link RNNCell}s, as torch.nn.RNN (parameters {@code weight_ih_l0} [H, I], ...). */
public final class RNN extends Recurrent {
    private final RNNCell.Nonlinearity nonlinearity;

    /** tanh; {@code new RNN(Recurrent.options(I, H).layers(2))}. */
    public RNN(Options options) {
        this(options, RNNCell.Nonlinearity.TANH);
    }

    public RNN(Options options, RNNCell.Nonlinearity nonlinearity) {
        super("RNN", config -> new RNNCell(config, nonlinearity), options);
        this.nonlinearity = nonlinearity;
    }

    /** One tanh layer, PyTorch's default init. */
    public RNN(int inputSize, int hiddenSize, DType dtype, RandomGenerator rng) {
        this(options(inputSize, hiddenSize).dtype(dtype).rng(rng));
    }

    public RNNCell.Nonlinearity nonlinearity() {
        return nonlinearity;
    }
}
