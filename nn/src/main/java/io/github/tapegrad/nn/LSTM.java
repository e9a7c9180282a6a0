package io.github.tapegrad.nn;

import io.github.tapegrad.autograd.DType;

import java.util.random.RandomGenerator;

/**
 * A stack of {@link LSTMCell}s, as torch.nn.LSTM (parameters {@code weight_ih_l0} [4H, I], ...). With
 * {@code options.projSize(P)}, torch's {@code proj_size}: h = W_hr (o ⊙ tanh c), {@code weight_hr_l0} [P, H],
 * outputs [T, B, P] (2P bidirectional), h states [B, P], c states [B, H].
 */
public final class LSTM extends Recurrent {

    /** {@code new LSTM(Recurrent.options(I, H).layers(2).dropout(0.1))}, or {@code ....projSize(P)}. */
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
