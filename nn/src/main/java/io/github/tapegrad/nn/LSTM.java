package io.github.tapegrad.nn;

import io.github.tapegrad.autograd.DType;

import java.util.random.RandomGenerator;

/** A stack of {@link LSTMCell}s, as torch.nn.LSTM (parameters {@code weight_ih_l0} [4H, I], ...). */
public final class LSTM extends Recurrent {

    /** {@code new LSTM(Recurrent.options(I, H).layers(2).dropout(0.1))}. */
    public LSTM(Options options) {
        super("LSTM", LSTMCell::new, options);
    }

    /** One layer, PyTorch's default init. */
    public LSTM(int inputSize, int hiddenSize, DType dtype, RandomGenerator rng) {
        this(options(inputSize, hiddenSize).dtype(dtype).rng(rng));
    }

    /** Sets the forget-gate block of every layer's bias_ih and bias_hh to {@code value}. */
    public void forgetGateBias(double value) {
        for (Cell c : cells()) {
            ((LSTMCell) c).forgetGateBias(value);
        }
    }
}
